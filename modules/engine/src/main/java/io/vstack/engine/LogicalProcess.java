package io.vstack.engine;

/**
 * The handler logic of one simulated entity. It never sees threads, actors or windows: executors call
 * {@link #start} once at time 0 and then {@link #handle} for each event in the process's total order
 * {@code (time, sender id, sender sequence)}.
 */
public interface LogicalProcess<M> {

  /** Called once at virtual time 0, before any event; may send and schedule. */
  void start(Context<M> ctx);

  /** Handles one event addressed to this process. */
  void handle(M message, Context<M> ctx);
}
