package io.vstack.model.toolstack;

import java.io.Serializable;
import io.vstack.model.config.GuestType;

/**
 * One toolstack request: {@code xl create} or {@code xl destroy} of guest number {@code guest}.
 *
 * @param type        the guest's memory, vCPUs and devices (a destroy must name the same devices)
 * @param requestedAt virtual time the request was made
 */
public record Operation(Kind kind, int guest, String name, GuestType type, long requestedAt) implements Serializable {

  /** Which xl command. */
  public enum Kind { create, destroy }
}
