package io.vstack.workload;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.Layout;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A sweep of toolstack crashes: {@code scenario} run once for every moment worker 0 handles an event, with worker
 * 0's xl killed just after it (the next xl run on it {@code restartNs} later), so that a test can check what every
 * kill left behind.
 */
final class XlKills {
  private XlKills() {
  }

  /** One run of the sweep: where worker 0's xl was killed and what the run gave. */
  record Kill(long at, ScenarioRun run) {
    String where() {
      return "xl of worker 0 killed at " + at + " ns";
    }
  }

  static List<Kill> afterEveryEventOfWorker0(Scenario scenario, long restartNs) {
    TreeSet<Long> handled = new TreeSet<>();
    int worker0 = Layout.of(scenario).worker(0).id();
    ScenarioRun.run(scenario, new SequentialExecutor(), (time, sent, sender, receiver, message) -> {
      if (receiver == worker0) {
        handled.add(time + 1);
      }
    });
    List<Kill> kills = new ArrayList<>();
    for (long at : handled) {
      kills.add(new Kill(at, ScenarioRun.run(scenario.withFaults(List.of(new FaultSpec(
          FaultSpec.Type.toolstack_crash, at, 0, restartNs, 0))), new SequentialExecutor())));
    }
    return kills;
  }
}
