package io.vstack.engine.core;

import java.util.Arrays;

/** (process id, virtual time) pairs: which processes were sent an event in a window, and for when. */
public final class NoticeBuffer {
  private int[] targets = new int[16];
  private long[] times = new long[16];
  private int size;

  public void add(int target, long time) {
    if (size == targets.length) {
      targets = Arrays.copyOf(targets, size * 2);
      times = Arrays.copyOf(times, size * 2);
    }
    targets[size] = target;
    times[size] = time;
    size++;
  }

  /** The targets in the order they were added, as a new array: what a notice message carries. */
  public int[] targets() {
    return Arrays.copyOf(targets, size);
  }

  /** The times, in the order of {@link #targets()}, as a new array. */
  public long[] times() {
    return Arrays.copyOf(times, size);
  }

  /** Empties the buffer for the next window, keeping its room. */
  public void clear() {
    size = 0;
  }
}
