package io.vstack.engine;

/**
 * Tracing hook called for every delivered event, just before its handler runs. Under parallel executors it is
 * called from many threads at once, so implementations must be thread-safe; the calls for one receiver come in
 * that receiver's deterministic order. {@link #NONE} costs one reference comparison per event.
 */
@FunctionalInterface
public interface DeliveryListener {

  DeliveryListener NONE = (time, sent, sender, receiver, message) -> { };

  /** {@code message}, sent by {@code sender} at virtual time {@code sent}, is delivered to {@code receiver} at {@code time}. */
  void onDeliver(long time, long sent, int sender, int receiver, Object message);
}
