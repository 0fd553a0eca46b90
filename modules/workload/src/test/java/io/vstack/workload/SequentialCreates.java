package io.vstack.workload;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import java.util.ArrayList;
import java.util.List;

/** Guests created one after another on one worker, for tests of how a creation's time grows with running guests. */
final class SequentialCreates {
  private SequentialCreates() {
  }

  /** Creates {@code guests} 256 MiB guests one at a time on one worker; the model after the run, invariants kept. */
  static XenModel run(int guests, String... overrides) {
    List<String> all = new ArrayList<>(List.of("workload.guests=" + guests, "toolstack.workers=1",
        "guest.memory-mib=256"));
    all.addAll(List.of(overrides));
    Scenario s = Scenarios.of(all.toArray(String[]::new));
    List<Operation> script = new ArrayList<>();
    for (int g = 0; g < guests; g++) {
      script.add(new Operation(Operation.Kind.create, g, "vm-" + g, s.guest(), 0));
    }
    XenModel model = new XenModel(s, (layout, sc) -> new ScriptedDriver(layout, sc.cost().messageLatency(),
        script));
    new SequentialExecutor().run(model, RunSpec.untilQuiet(1));
    assertEquals(List.of(), Invariants.violations(model));
    return model;
  }

  /** Each operation's time from request to answer, in the order they ran. */
  static long[] serviceTimes(XenModel model) {
    return RunSummary.operations(model).stream().mapToLong(r -> r.finishedAt() - r.startedAt()).toArray();
  }
}
