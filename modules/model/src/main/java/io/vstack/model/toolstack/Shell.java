package io.vstack.model.toolstack;

import java.io.Serializable;
import io.vstack.model.config.GuestType;

/**
 * A prepared domain shell: a paused domain {@code domid} named {@code name}, holding {@code pages[n]} pages on each
 * NUMA node n and the devices of {@code type}, with its Xenstore entries (unless noxs) but no kernel yet.
 */
public record Shell(String name, int domid, GuestType type, long[] pages) implements Serializable {

  /** The name the pool gives shell number {@code serial}; guests' names never look like it. */
  public static String name(int serial) {
    return "shell-" + serial;
  }
}
