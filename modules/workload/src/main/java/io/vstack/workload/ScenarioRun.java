package io.vstack.workload;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import java.util.List;

/**
 * One scenario run: the Xen model driven by the scenario's workload, run to quiescence on an executor, with its summary and the
 * end-of-run invariant check.
 */
public record ScenarioRun(Scenario scenario, XenModel model, RunResult result, RunSummary summary,
    List<String> violations) {

  public static ScenarioRun run(Scenario scenario, Executor executor, DeliveryListener listener) {
    return run(scenario, executor, listener, WorkloadDriver::new);
  }

  /** Runs with a driver of the caller's choosing (a trace replay's share of a trace, a test script). */
  public static ScenarioRun run(Scenario scenario, Executor executor, DeliveryListener listener,
      XenModel.DriverFactory driver) {
    return run(scenario, executor, listener, driver, Checkpointing.NONE);
  }

  /** Runs taking checkpoints, or resumes from one of a run of the same scenario (same result either way). */
  public static ScenarioRun run(Scenario scenario, Executor executor, DeliveryListener listener,
      XenModel.DriverFactory driver, Checkpointing checkpointing) {
    XenModel model = new XenModel(scenario, driver);
    RunResult result = executor.run(model, RunSpec.untilQuiet(scenario.seed()), listener, checkpointing);
    return new ScenarioRun(scenario, model, result, RunSummary.of(model), Invariants.violations(model));
  }

  public static ScenarioRun run(Scenario scenario, Executor executor) {
    return run(scenario, executor, DeliveryListener.NONE);
  }
}
