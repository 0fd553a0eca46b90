package io.vstack.engine.core;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Events stored as parallel primitive arrays ({@code time, tie, sent, target, payload}), grown by doubling: dense, so
 * a pass over them reads few cache lines and allocates nothing per event. Entry {@code i} of every array is one event.
 */
abstract class EventColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  long[] time;
  long[] tie;
  long[] sent;
  int[] target;
  Object[] payload;
  int size;

  EventColumns(int initialCapacity) {
    int capacity = Math.max(4, initialCapacity);
    time = new long[capacity];
    tie = new long[capacity];
    sent = new long[capacity];
    target = new int[capacity];
    payload = new Object[capacity];
  }

  public int size() {
    return size;
  }

  /** Makes room for one more event. */
  final void ensureRoom() {
    if (size == time.length) {
      int capacity = time.length * 2;
      time = Arrays.copyOf(time, capacity);
      tie = Arrays.copyOf(tie, capacity);
      sent = Arrays.copyOf(sent, capacity);
      target = Arrays.copyOf(target, capacity);
      payload = Arrays.copyOf(payload, capacity);
    }
  }

  final void set(int i, long t, long s, long k, int tgt, Object p) {
    time[i] = t;
    sent[i] = s;
    tie[i] = k;
    target[i] = tgt;
    payload[i] = p;
  }

  final void move(int from, int to) {
    set(to, time[from], sent[from], tie[from], target[from], payload[from]);
  }
}
