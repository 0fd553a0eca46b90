package io.vstack.engine;

/**
 * What a logical process may do while handling an event. The same calls work under every executor, so a
 * model's behavior cannot depend on how it is run.
 */
public interface Context<M> {

  /** Virtual time of the event being handled, in ticks. */
  long now();

  /** This logical process's address. */
  LpRef<M> self();

  /**
   * Sends {@code message} to another logical process, delivered at {@code now() + delay}. Sends to another
   * process need {@code delay >= lookahead}; that bound is what lets windows run in parallel, so a shorter one
   * fails with {@link LookaheadViolation}.
   */
  <T> void send(LpRef<T> target, long delay, T message);

  /** Schedules {@code message} to this process at {@code now() + delay}, any {@code delay >= 0}. */
  void schedule(long delay, M message);

  /** This process's own random stream, split from the run seed by process id. */
  LpRandom random();
}
