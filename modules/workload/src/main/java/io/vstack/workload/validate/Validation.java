package io.vstack.workload.validate;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs every point's scenario and compares the model with the published value. Each run is a whole simulation whose
 * result depends only on its scenario and seed, so the outcomes are the same on any executor.
 */
public final class Validation {
  private Validation() {
  }

  /** On the sequential executor (the oracle). */
  public static List<Outcome> run(ValidationSuite suite) {
    return run(suite, scenario -> ScenarioRun.run(scenario, new SequentialExecutor()));
  }

  /** With {@code runner} running each point's scenario (an executor of the caller's choosing). */
  public static List<Outcome> run(ValidationSuite suite, Function<Scenario, ScenarioRun> runner) {
    List<Outcome> outcomes = new ArrayList<>();
    for (ValidationPoint point : suite.points()) {
      outcomes.add(run(suite, point, runner));
    }
    return outcomes;
  }

  public static Outcome run(ValidationSuite suite, ValidationPoint point, Function<Scenario, ScenarioRun> runner) {
    ScenarioRun run = runner.apply(suite.scenario(point));
    if (!run.violations().isEmpty()) {
      throw new IllegalStateException("point " + point.id() + ": the model broke invariants: " + run.violations());
    }
    double model;
    try {
      model = point.metric().of(run);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("point " + point.id() + ": " + e.getMessage(), e);
    }
    return Outcome.of(point, model);
  }
}
