package io.vstack.workload.experiment;

/** A named, parameterised question about the model, answered by a sweep of scenario runs. */
public interface Experiment {

  String name();

  /** One line for {@code vstack experiment --list}. */
  String description();

  ExperimentResult run(Sweep sweep);
}
