package io.vstack.model.toolstack;

import java.io.Serializable;
/**
 * What a toolstack worker did for one operation: when it started and finished, each phase's start and end
 * (virtual ns, -1 when the phase did not run), the Xenstore transaction retries and, on failure, why.
 */
public record OperationResult(Operation operation, int worker, int domid, long startedAt, long finishedAt,
    boolean ok, String failure, int retries, long[] phaseStart, long[] phaseEnd) implements Serializable {

  public long duration(Phase phase) {
    long s = phaseStart[phase.ordinal()];
    long e = phaseEnd[phase.ordinal()];
    return s < 0 || e < 0 ? -1 : e - s;
  }
}
