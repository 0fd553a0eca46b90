package io.vstack.engine;

import io.vstack.engine.checkpoint.Checkpointing;

/** Runs a model to its horizon. Every executor gives the same {@link RunResult} outcome for the same input. */
public interface Executor {

  /** Short name used in reports and benchmarks. */
  String name();

  /** Runs the model; a handler exception or a protocol violation fails the run with that exception as cause. */
  RunResult run(Model model, RunSpec spec, DeliveryListener listener);

  /**
   * Runs the model taking checkpoints at window barriers, or resumes it from one; the outcome is the same as an
   * uninterrupted run's. Executors that cannot checkpoint refuse.
   */
  default RunResult run(Model model, RunSpec spec, DeliveryListener listener, Checkpointing checkpointing) {
    if (checkpointing.takes() || checkpointing.resumeFrom() != null) {
      throw new UnsupportedOperationException("the " + name() + " executor cannot checkpoint or resume");
    }
    return run(model, spec, listener);
  }

  /**
   * Whether deliveries reach the listener one at a time, in non-decreasing virtual time, from one thread: then every
   * delivery before the current time is final while the run goes on (a trace can be written as it runs).
   */
  default boolean deliversInTimeOrder() {
    return false;
  }

  default RunResult run(Model model, RunSpec spec) {
    return run(model, spec, DeliveryListener.NONE);
  }
}
