package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.workload.trace.TraceDriver;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** LightVM's split toolstack: a pool of prepared domain shells hides most of a creation until it runs dry. */
public class ShellPoolTest extends JUnitSuite {

  private static final long SECOND = 1_000_000_000L;

  /** Runs creations at {@code times} (ns after the workload began) through the toolstack's dispatcher. */
  private static ScenarioRun timed(long[] times, String... overrides) {
    List<String> all = new ArrayList<>(List.of("toolstack.mode=parallel", "guest.memory-mib=512",
        "workload.guests=" + times.length, "workload.destroy=never"));
    all.addAll(List.of(overrides));
    Scenario s = Scenarios.of(all.toArray(String[]::new));
    List<TraceDriver.TraceVm> vms = new ArrayList<>();
    for (int g = 0; g < times.length; g++) {
      vms.add(new TraceDriver.TraceVm(WorkloadDriver.name(g), times[g], -1, s.guest()));
    }
    ScenarioRun run = ScenarioRun.run(s, new SequentialExecutor(), io.vstack.engine.DeliveryListener.NONE,
        (layout, sc) -> new TraceDriver(layout, sc, vms));
    assertEquals(List.of(), run.violations());
    return run;
  }

  private static long[] createLatencies(ScenarioRun run) {
    return RunSummary.operations(run.model()).stream().filter(r -> r.operation().kind() == Operation.Kind.create)
        .sorted(java.util.Comparator.comparingLong(r -> r.operation().requestedAt()))
        .mapToLong(r -> r.finishedAt() - r.operation().requestedAt()).toArray();
  }

  @Test(timeout = 60_000)
  public void sanity() {
    long[] times = {SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND};
    ScenarioRun pooled = timed(times, "toolstack.shell-pool=4");
    ScenarioRun plain = timed(times);
    System.out.println(java.util.Arrays.toString(createLatencies(pooled)) + " " + pooled.summary());
    System.out.println(java.util.Arrays.toString(createLatencies(plain)));
  }
}
