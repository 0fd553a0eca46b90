package io.vstack.model.toolstack;

import java.io.Serializable;
import java.util.Arrays;

/** When an operation started, and when each of its phases began and ended (virtual ns; -1: not run, or not yet). */
public final class PhaseTimes implements Serializable {
  private final long startedAt;
  private final long[] start = new long[Phase.values().length];
  private final long[] end = new long[Phase.values().length];

  public PhaseTimes(long startedAt) {
    this.startedAt = startedAt;
    Arrays.fill(start, -1);
    Arrays.fill(end, -1);
  }

  public void begin(Phase phase, long now) {
    start[phase.ordinal()] = now;
  }

  public void end(Phase phase, long now) {
    end[phase.ordinal()] = now;
  }

  public boolean began(Phase phase) {
    return start[phase.ordinal()] >= 0;
  }

  /**
   * The operation's result, finished at {@code finishedAt}. It shares this record's times: the cleanup after an xl
   * crash goes on recording phases in the result the crash reported.
   */
  public OperationResult result(Operation op, int worker, int domid, long finishedAt, boolean ok, String failure,
      int retries) {
    return new OperationResult(op, worker, domid, startedAt, finishedAt, ok, failure, retries, start, end);
  }
}
