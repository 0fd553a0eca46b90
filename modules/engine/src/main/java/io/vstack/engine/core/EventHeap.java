package io.vstack.engine.core;

import io.vstack.engine.checkpoint.ProcessState;
import io.vstack.engine.checkpoint.Slice;
import java.util.Arrays;
import java.util.List;

/**
 * Pending events ordered by {@code (time, tie)}: a 4-ary min-heap over parallel primitive arrays. A
 * {@code java.util.PriorityQueue} of event objects chases a pointer per comparison and was cache-bound at 100k
 * processes; here a comparison reads two longs from arrays that stay dense.
 */
public final class EventHeap extends EventColumns {

  public EventHeap(int initialCapacity) {
    super(initialCapacity);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Time of the earliest event, {@link Long#MAX_VALUE} when empty. */
  public long peekTime() {
    return size == 0 ? Long.MAX_VALUE : time[0];
  }

  public long peekTie() {
    return tie[0];
  }

  /** Virtual time the earliest event was sent. */
  public long peekSent() {
    return sent[0];
  }

  public int peekTarget() {
    return target[0];
  }

  public Object peekPayload() {
    return payload[0];
  }

  /** The pending events (in heap order, which does not matter: every event has its own tie) with {@code processes}. */
  public Slice slice(List<ProcessState> processes) {
    return new Slice(processes, Arrays.copyOf(time, size), Arrays.copyOf(sent, size), Arrays.copyOf(tie, size),
        Arrays.copyOf(target, size), Arrays.copyOf(payload, size));
  }

  public void push(long t, long s, long k, int tgt, Object p) {
    ensureRoom();
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!less(t, k, time[parent], tie[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, t, s, k, tgt, p);
  }

  /** Removes the earliest event; read it first with the peek methods. */
  public void removeTop() {
    int last = --size;
    long t = time[last];
    long k = tie[last];
    long s = sent[last];
    int tgt = target[last];
    Object p = payload[last];
    payload[last] = null;
    if (last == 0) {
      return;
    }
    int i = 0;
    while (true) {
      int first = (i << 2) + 1;
      if (first >= last) {
        break;
      }
      int best = first;
      int end = Math.min(first + 4, last);
      for (int c = first + 1; c < end; c++) {
        if (less(time[c], tie[c], time[best], tie[best])) {
          best = c;
        }
      }
      if (!less(time[best], tie[best], t, k)) {
        break;
      }
      move(best, i);
      i = best;
    }
    set(i, t, s, k, tgt, p);
  }

  private static boolean less(long t1, long k1, long t2, long k2) {
    return t1 < t2 || (t1 == t2 && k1 < k2);
  }
}
