package io.vstack.engine.checkpoint;

import java.io.Serializable;
import java.util.ArrayList;
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

  /** One slice holding all of {@code slices}' processes and events, in order. */
  public static Slice join(Slice[] slices) {
    List<ProcessState> processes = new ArrayList<>();
    int n = 0;
    for (Slice s : slices) {
      processes.addAll(s.processes());
      n += s.pending();
    }
    Slice out = new Slice(processes, new long[n], new long[n], new long[n], new int[n], new Object[n]);
    int at = 0;
    for (Slice s : slices) {
      int k = s.pending();
      System.arraycopy(s.time(), 0, out.time(), at, k);
      System.arraycopy(s.sent(), 0, out.sent(), at, k);
      System.arraycopy(s.tie(), 0, out.tie(), at, k);
      System.arraycopy(s.target(), 0, out.target(), at, k);
      System.arraycopy(s.payload(), 0, out.payload(), at, k);
      at += k;
    }
    return out;
  }
}
