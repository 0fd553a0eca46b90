package io.vstack.trace;

import io.vstack.engine.DeliveryListener;
import io.vstack.model.Layout;
import io.vstack.engine.checkpoint.CheckpointCodec;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Records delivered messages during a run without blocking anything: each receiver has its own append-only
 * buffer, touched only by the actor (or thread) that runs that receiver, so there are no locks and no I/O on the
 * simulation's threads. Each buffer is in the receiver's deterministic delivery order; {@link TraceWriter} merges
 * them into the canonical order (time, receiver, delivery index) afterwards.
 */
public final class TraceRecorder implements DeliveryListener {

  /** One receiver's deliveries, in its delivery order. */
  static final class Buffer implements Serializable {
    private static final long serialVersionUID = 1L;
    long[] time = new long[8];
    long[] sent = new long[8];
    int[] from = new int[8];
    Object[] message = new Object[8];
    int size;

    void add(long t, long s, int f, Object m) {
      if (size == time.length) {
        int capacity = size * 2;
        time = Arrays.copyOf(time, capacity);
        sent = Arrays.copyOf(sent, capacity);
        from = Arrays.copyOf(from, capacity);
        message = Arrays.copyOf(message, capacity);
      }
      time[size] = t;
      sent[size] = s;
      from[size] = f;
      message[size] = m;
      size++;
    }
  }

  private final Layout layout;
  private final TraceFilter filter;
  private final DeliveryFilter keeps;
  private final Buffer[] buffers;

  public TraceRecorder(Layout layout, TraceFilter filter) {
    this(layout, filter, null);
  }

  private TraceRecorder(Layout layout, TraceFilter filter, Buffer[] saved) {
    this.layout = layout;
    this.filter = filter;
    this.keeps = new DeliveryFilter(layout, filter);
    this.buffers = saved != null ? saved : new Buffer[layout.lpCount()];
    if (buffers.length != layout.lpCount()) {
      throw new IllegalStateException("saved trace has " + buffers.length + " receivers, the model has "
          + layout.lpCount());
    }
    if (saved == null) {
      for (int id = 0; id < buffers.length; id++) {
        buffers[id] = new Buffer();
      }
    }
  }

  /** A recorder that goes on from what {@link #save} returned at a checkpoint. */
  public static TraceRecorder restore(Layout layout, TraceFilter filter, byte[] saved) {
    return new TraceRecorder(layout, filter, CheckpointCodec.decode(saved, Buffer[].class));
  }

  /** Everything recorded so far, for a checkpoint; call it only at a barrier, when no receiver is running. */
  public byte[] save() {
    return CheckpointCodec.encode(buffers);
  }

  @Override
  public void onDeliver(long time, long sent, int sender, int receiver, Object message) {
    if (keeps.keeps(time, sender, receiver, message)) {
      buffers[receiver].add(time, sent, sender, message);
    }
  }

  Layout layout() {
    return layout;
  }

  TraceFilter filter() {
    return filter;
  }

  Buffer buffer(int receiver) {
    return buffers[receiver];
  }
}
