package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Xen 4.14's xl: the global lock (and dom0 ballooning) only with auto-ballooning on. */
public class Xl414LockTest extends JUnitSuite {
  private static final double POLL_MS = 2000;

  private static ScenarioRun storm(String... overrides) {
    ScenarioRun run = ScenarioRun.run(Scenarios.of(overrides), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    return run;
  }

  private static double bootMakespan(String mode, String autoballoon, int guests) {
    ScenarioRun run = storm("toolstack.mode=" + mode, "toolstack.autoballoon=" + autoballoon,
        "workload.guests=" + guests, "workload.destroy=never");
    assertEquals(guests, run.summary().created());
    return run.summary().bootMakespanMs();
  }

  @Test(timeout = 60_000)
  public void withoutAutoballoonConcurrentCreationsRunInParallelLikeTheParallelMode() {
    double one = bootMakespan("xl-4.14", "off", 1);
    double four = bootMakespan("xl-4.14", "off", 4);
    double sixteen = bootMakespan("xl-4.14", "off", 16);
    double parallel = bootMakespan("parallel", "off", 16);
    System.out.printf("xl-4.14, autoballoon off: makespan 1: %.1f ms, 4: %.1f ms, 16: %.1f ms (parallel 16: %.1f ms)%n",
        one, four, sixteen, parallel);
    assertTrue("4 creations on 4 dom0 vCPUs: " + four / one + "x one", four < 1.5 * one);
    assertEquals("no lock and no ballooning: the parallel mode's conversation", parallel, sixteen, 1e-9);
    assertTrue("far from serialized", sixteen < bootMakespan("serialized", "off", 16) / 2);
    ScenarioRun run = storm("toolstack.mode=xl-4.14", "toolstack.autoballoon=off", "workload.guests=8");
    assertEquals(0, run.model().finalState().xlLock().acquisitions());
    assertEquals("dom0 keeps all its memory", run.model().finalState().hypervisor().dom0Pages(),
        run.scenario().cost().pagesFor(run.scenario().host().memoryMib()) * run.scenario().host().nodes());
  }

  @Test(timeout = 60_000)
  public void withAutoballoonCreationsAreSerializedAndEachWaitsForDom0ToBalloonDown() {
    double one = bootMakespan("xl-4.14", "on", 1);
    double four = bootMakespan("xl-4.14", "on", 4);
    double eight = bootMakespan("xl-4.14", "on", 8);
    double sixteen = bootMakespan("xl-4.14", "on", 16);
    double slope48 = (eight - four) / 4;
    double slope816 = (sixteen - eight) / 8;
    System.out.printf("xl-4.14, autoballoon on: makespan 1: %.1f ms, 4: %.1f ms, 8: %.1f ms, 16: %.1f ms;"
        + " each extra creation %.1f ms (serialized: %.1f ms)%n", one, four, eight, sixteen, slope816,
        (bootMakespan("serialized", "on", 16) - bootMakespan("serialized", "on", 8)) / 8);
    assertTrue("each extra creation adds " + slope48 + " then " + slope816 + " ms",
        Math.abs(slope816 - slope48) < 0.05 * slope48);
    assertTrue("the lock is held through libxl's 2 s poll for dom0's target: " + slope48, slope48 > POLL_MS);
    assertTrue("slower than stock xl, which does not balloon here", slope48 > (bootMakespan("serialized", "on", 8)
        - bootMakespan("serialized", "on", 4)) / 4 + POLL_MS * 0.9);
    ScenarioRun run = storm("toolstack.mode=xl-4.14", "workload.guests=4", "workload.destroy=never");
    assertTrue("creations waited for the xl lock", run.summary().xlLockWaitMs() > 3 * POLL_MS);
    long guestPages = run.scenario().cost().pagesFor(run.scenario().guest().memoryMib());
    long host = run.scenario().cost().pagesFor(run.scenario().host().memoryMib()) * run.scenario().host().nodes();
    assertEquals("dom0 gave up exactly the four guests' memory", host - 4 * guestPages,
        run.model().finalState().hypervisor().dom0Pages());
    assertEquals("and said so in Xenstore", Long.toString((host - 4 * guestPages) * 4),
        run.model().component(run.model().layout().shard(0), XenstoreShard.class).tree()
            .read("/local/domain/0/memory/target"));
  }

  @Test(timeout = 60_000)
  public void memoryFreedByADestroyedGuestIsReusedWithoutBallooning() {
    Scenario s = Scenarios.of("toolstack.mode=xl-4.14", "workload.guests=2", "toolstack.workers=1");
    List<Operation> script = new ArrayList<>(List.of(
        new Operation(Operation.Kind.create, 0, "vm-0", s.guest(), 0),
        new Operation(Operation.Kind.destroy, 0, "vm-0", s.guest(), 0),
        new Operation(Operation.Kind.create, 1, "vm-1", s.guest(), 0)));
    ScriptedDriver[] driver = new ScriptedDriver[1];
    XenModel model = new XenModel(s, (layout, sc) -> driver[0] = new ScriptedDriver(layout,
        sc.cost().messageLatency(), script));
    new SequentialExecutor().run(model, RunSpec.untilQuiet(1));
    assertEquals(List.of(), Invariants.violations(model));
    List<OperationResult> done = driver[0].results();
    long first = done.get(0).duration(Phase.balloon);
    long again = done.get(2).duration(Phase.balloon);
    System.out.printf("xl-4.14 freemem(): first guest %.1f ms, after a destroy freed its memory %.3f ms%n",
        first / 1e6, again / 1e6);
    assertTrue("dom0 had to balloon for the first guest: " + first, first >= 2_000_000_000L);
    assertTrue("the second found the first one's memory free: " + again, again < 1_000_000L);
  }

  /** An xl killed at each event of worker 0 of an auto-ballooning storm: the lock is never left with the dead. */
  @Test(timeout = 120_000)
  public void anXlKilledAtAnyMomentNeverLeavesTheGlobalLockHeld() {
    String[] storm = {"toolstack.mode=xl-4.14", "workload.guests=4", "toolstack.workers=2",
        "guest.memory-mib=512"};
    TreeSet<String> steps = new TreeSet<>();
    for (XlKills.Kill kill : XlKills.afterEveryEventOfWorker0(Scenarios.of(storm), 300_000_000L)) {
      ScenarioRun run = kill.run();
      String where = kill.where();
      assertEquals(where, List.of(), run.violations());
      RunSummary s = run.summary();
      assertEquals(where, 4, s.created() + s.createFailed());
      RunSummary.operations(run.model()).stream().map(OperationResult::failure)
          .filter(f -> f.startsWith("xl was killed")).forEach(f -> steps.add(f.substring(f.indexOf("in step ") + 8)));
    }
    assertTrue("killed while ballooning: " + steps, steps.containsAll(List.of("balloon_query", "balloon_target",
        "balloon_cpu", "balloon_poll", "xl_lock")));
  }
}
