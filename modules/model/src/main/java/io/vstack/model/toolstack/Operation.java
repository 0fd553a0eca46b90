package io.vstack.model.toolstack;

/**
 * One toolstack request: {@code xl create} or {@code xl destroy} of guest number {@code guest}.
 *
 * @param requestedAt virtual time the request was made
 */
public record Operation(Kind kind, int guest, String name, long requestedAt) {

  /** Which xl command. */
  public enum Kind { create, destroy }
}
