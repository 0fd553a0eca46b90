package io.vstack.engine;

import java.io.Serializable;

/**
 * The handler logic of one simulated entity. It never sees threads, actors or windows: executors call
 * {@link #start} once at time 0 and then {@link #handle} for each event in the process's total order
 * {@code (time, sender id, sender sequence)}. It is {@link Serializable} because a checkpoint saves every
 * process as it is at a window barrier; everything it holds (and every message it sends) must be too.
 */
public interface LogicalProcess<M> extends Serializable {

  /** Called once at virtual time 0, before any event; may send and schedule. */
  void start(Context<M> ctx);

  /** Handles one event addressed to this process. */
  void handle(M message, Context<M> ctx);
}
