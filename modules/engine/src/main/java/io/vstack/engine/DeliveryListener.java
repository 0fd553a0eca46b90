package io.vstack.engine;

/**
 * Tracing hook called for every delivered event, just before its handler runs. Under parallel executors it is
 * called from many threads at once, so implementations must be thread-safe; the calls for one receiver come in
 * that receiver's deterministic order. {@link #NONE} costs one reference comparison per event.
 */
@FunctionalInterface
public interface DeliveryListener {

  DeliveryListener NONE = (time, sender, receiver, message) -> { };

  void onDeliver(long time, int sender, int receiver, Object message);
}
