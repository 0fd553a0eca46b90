package io.vstack.trace;

import java.util.Arrays;

/**
 * A stretch of a run's deliveries, in the order of an executor that delivers in time order, cut only between two
 * distinct times: it holds every delivery of each of its times, so ordering each time's deliveries by receiver, each
 * receiver's in the order it got them, puts the stretch in canonical order.
 */
final class DeliveryChunk {
  private final TraceRecorder.Buffer deliveries = new TraceRecorder.Buffer();
  private int[] to = new int[8];

  void add(long time, long sent, int from, int receiver, Object message) {
    int size = deliveries.size;
    if (size == to.length) {
      to = Arrays.copyOf(to, size * 2);
    }
    to[size] = receiver;
    deliveries.add(time, sent, from, message);
  }

  int size() {
    return deliveries.size;
  }

  /** The time of the latest delivery; call it only on a chunk that holds one. */
  long lastTime() {
    return deliveries.time[deliveries.size - 1];
  }

  TraceRecord record(int i) {
    return TraceRecord.delivered(deliveries.time[i], deliveries.sent[i], deliveries.from[i], to[i],
        deliveries.message[i]);
  }

  /** Delivers this chunk's deliveries again, in their order, to {@code recorder}. */
  void replay(TraceRecorder recorder) {
    for (int i = 0; i < deliveries.size; i++) {
      recorder.onDeliver(deliveries.time[i], deliveries.sent[i], deliveries.from[i], to[i], deliveries.message[i]);
    }
  }

  /**
   * The indices of this chunk's deliveries in canonical order. Most times have one delivery, or several already in
   * receiver order; the others are sorted on receiver and index packed into one long, which keeps each receiver's
   * deliveries in their order without a stable sort of boxed indices.
   */
  int[] canonicalOrder() {
    int size = deliveries.size;
    long[] time = deliveries.time;
    int[] order = new int[size];
    long[] keys = null;
    int start = 0;
    while (start < size) {
      int end = start + 1;
      boolean inOrder = true;
      while (end < size && time[end] == time[start]) {
        inOrder &= to[end - 1] <= to[end];
        end++;
      }
      if (inOrder) {
        for (int i = start; i < end; i++) {
          order[i] = i;
        }
      } else {
        if (keys == null) {
          keys = new long[size];
        }
        for (int i = start; i < end; i++) {
          keys[i] = (long) to[i] << 32 | i;
        }
        Arrays.sort(keys, start, end);
        for (int i = start; i < end; i++) {
          order[i] = (int) keys[i];
        }
      }
      start = end;
    }
    return order;
  }
}
