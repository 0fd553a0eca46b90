package io.vstack.workload.fleet;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.model.results.Invariants;
import java.util.ArrayList;
import java.util.List;

/**
 * One fleet run: the fleet model on an executor until nothing is pending, then what the controller saw of every
 * VM, and every host's invariants checked as a single host's are.
 */
public record FleetRun(FleetModel model, RunResult result, FleetSummary summary, List<String> violations) {

  public static FleetRun run(FleetScenario scenario, Executor executor) {
    return run(scenario, executor, Checkpointing.NONE);
  }

  /** Runs taking checkpoints, or resumes from one (the same outcome either way). */
  public static FleetRun run(FleetScenario scenario, Executor executor, Checkpointing checkpointing) {
    FleetModel model = new FleetModel(scenario);
    RunResult result = executor.run(model, RunSpec.untilQuiet(scenario.host().seed()), DeliveryListener.NONE,
        checkpointing);
    return of(model, result);
  }

  /** The outcome of {@code model}'s run, which ended with {@code result}: read from its processes as they ended. */
  public static FleetRun of(FleetModel model, RunResult result) {
    List<String> violations = new ArrayList<>();
    for (int h = 0; h < model.scenario().fleet().hosts(); h++) {
      for (String v : Invariants.violations(model.hostModel(h))) {
        violations.add("host " + h + ": " + v);
      }
    }
    return new FleetRun(model, result, FleetSummary.of(model), violations);
  }

  /**
   * Events the hosts' nested models handled, which the engine's count leaves out: the engine counts a host's
   * wake-ups and messages, each of which may run many of its components' events.
   */
  public long hostEvents() {
    long events = 0;
    for (int h = 0; h < model.scenario().fleet().hosts(); h++) {
      events += model.host(h).nest().events();
    }
    return events;
  }
}
