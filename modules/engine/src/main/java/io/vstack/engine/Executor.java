package io.vstack.engine;

/** Runs a model to its horizon. Every executor gives the same {@link RunResult} outcome for the same input. */
public interface Executor {

  /** Short name used in reports and benchmarks. */
  String name();

  /** Runs the model; a handler exception or a protocol violation fails the run with that exception as cause. */
  RunResult run(Model model, RunSpec spec, DeliveryListener listener);

  default RunResult run(Model model, RunSpec spec) {
    return run(model, spec, DeliveryListener.NONE);
  }
}
