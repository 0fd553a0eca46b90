package io.vstack.engine.checkpoint;

import java.io.Serializable;
import java.util.List;

/**
 * What one partition (or the sequential executor) holds at a window barrier: its processes and the events
 * pending for them. Parallel arrays, like the event heap they come from.
 */
public record Slice(List<ProcessState> processes, long[] time, long[] sent, long[] tie, int[] target,
    Object[] payload) implements Serializable {

  public int pending() {
    return time.length;
  }
}
