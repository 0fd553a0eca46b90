package io.vstack.engine.core;

import java.util.Arrays;

/** Events in send order, as parallel arrays: one window's traffic from one partition to another. */
public final class EventBuffer extends EventColumns {

  public EventBuffer() {
    this(16);
  }

  public EventBuffer(int initialCapacity) {
    super(initialCapacity);
  }

  public void add(long t, long s, long k, int tgt, Object p) {
    ensureRoom();
    set(size++, t, s, k, tgt, p);
  }

  /** The buffer as plain arrays, trimmed to its size: how it crosses a JVM boundary. */
  public record Wire(long[] time, long[] sent, long[] tie, int[] target, Object[] payload) {
  }

  public Wire wire() {
    return new Wire(Arrays.copyOf(time, size), Arrays.copyOf(sent, size), Arrays.copyOf(tie, size),
        Arrays.copyOf(target, size), Arrays.copyOf(payload, size));
  }

  public static EventBuffer of(Wire wire) {
    EventBuffer b = new EventBuffer(wire.time().length);
    for (int i = 0; i < wire.time().length; i++) {
      b.add(wire.time()[i], wire.sent()[i], wire.tie()[i], wire.target()[i], wire.payload()[i]);
    }
    return b;
  }

  public void drainInto(EventHeap heap) {
    for (int i = 0; i < size; i++) {
      heap.push(time[i], sent[i], tie[i], target[i], payload[i]);
    }
  }
}
