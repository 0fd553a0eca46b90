package io.vstack.model.toolstack;

import java.io.Serializable;
import io.vstack.model.config.GuestType;

/**
 * One toolstack request: {@code xl create} or {@code xl destroy} of guest number {@code guest}, or the shell pool's
 * background preparation of shell number {@code guest}.
 *
 * @param type        the guest's memory, vCPUs and devices (a destroy must name the same devices)
 * @param requestedAt virtual time the request was made
 * @param shell       for a create: the prepared shell it finishes instead of building a domain (null: full path)
 */
public record Operation(Kind kind, int guest, String name, GuestType type, long requestedAt, Shell shell)
    implements Serializable {

  /** Which command. */
  public enum Kind {
    create, destroy,
    /** LightVM's prepare phase: a paused domain with memory and devices but no kernel, kept for a later create. */
    prepare
  }

  /** A request that builds its domain in full (no shell). */
  public Operation(Kind kind, int guest, String name, GuestType type, long requestedAt) {
    this(kind, guest, name, type, requestedAt, null);
  }

  /** This create, served from {@code prepared}. */
  public Operation withShell(Shell prepared) {
    return new Operation(kind, guest, name, type, requestedAt, prepared);
  }
}
