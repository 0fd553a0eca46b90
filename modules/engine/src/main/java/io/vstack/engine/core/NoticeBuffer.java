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

  public int size() {
    return size;
  }

  public int target(int i) {
    return targets[i];
  }

  public long time(int i) {
    return times[i];
  }
}
