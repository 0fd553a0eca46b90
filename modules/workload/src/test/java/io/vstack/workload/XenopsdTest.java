package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.List;
import java.util.Locale;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** XAPI's xenopsd as the toolstack (toolstack.kind = xenopsd): pool-bounded concurrency, per-VM order, memory wait. */
public class XenopsdTest extends JUnitSuite {

  private static ScenarioRun storm(int guests, String... overrides) {
    String[] all = new String[overrides.length + 3];
    all[0] = "workload.guests=" + guests;
    all[1] = "workload.destroy=never";
    all[2] = "guest.memory-mib=512";
    System.arraycopy(overrides, 0, all, 3, overrides.length);
    ScenarioRun run = ScenarioRun.run(Scenarios.of(all), new SequentialExecutor());
    assertEquals(run.violations().toString(), List.of(), run.violations());
    assertEquals(guests, run.summary().created());
    return run;
  }

  private static double makespan(int guests, String... overrides) {
    return storm(guests, overrides).summary().bootMakespanMs();
  }

  private static ScenarioRun scripted(Scenario scenario, List<TimedDriver.Step> script) {
    ScenarioRun run = ScenarioRun.run(scenario, new SequentialExecutor(), io.vstack.engine.DeliveryListener.NONE,
        (layout, s) -> new TimedDriver(layout, s, script));
    assertEquals(run.violations().toString(), List.of(), run.violations());
    return run;
  }

  private static OperationResult result(ScenarioRun run, Operation.Kind kind, int guest) {
    return RunSummary.operations(run.model()).stream()
        .filter(r -> r.operation().kind() == kind && r.operation().guest() == guest).findFirst().orElseThrow();
  }

  @Test(timeout = 120_000)
  public void creationsRunInParallelUpToThePoolSizeWithoutAGlobalLock() {
    double serialized = makespan(8, "toolstack.mode=serialized", "toolstack.workers=8");
    double parallel = makespan(8, "toolstack.mode=parallel", "toolstack.workers=8");
    double pool8 = makespan(8, "toolstack.kind=xenopsd", "toolstack.workers=8");
    double pool4 = makespan(8, "toolstack.kind=xenopsd", "toolstack.workers=4");
    double[] pool1 = {makespan(2, "toolstack.kind=xenopsd", "toolstack.workers=1"),
        makespan(4, "toolstack.kind=xenopsd", "toolstack.workers=1"),
        makespan(8, "toolstack.kind=xenopsd", "toolstack.workers=1")};
    System.out.printf(Locale.ROOT, "8 creations: xl serialized %.1f ms, xl parallel %.1f ms, xenopsd pool 8 %.1f ms, "
        + "pool 4 %.1f ms, pool 1 %.1f ms (pool 1 with 2 / 4 guests: %.1f / %.1f ms)%n", serialized, parallel, pool8,
        pool4, pool1[2], pool1[0], pool1[1]);
    assertTrue("a pool of 8 is much faster than xl's global lock", pool8 < serialized / 2);
    assertTrue("a pool of 8 is about as fast as parallel xl", pool8 < parallel * 1.5 && pool8 > parallel * 0.5);
    assertTrue("the pool size bounds concurrency", pool1[2] > pool4 && pool4 > pool8);
    double slope24 = (pool1[1] - pool1[0]) / 2;
    double slope48 = (pool1[2] - pool1[1]) / 4;
    assertEquals("a pool of 1 grows linearly, like serialized xl", 1.0, slope48 / slope24, 0.05);
    assertEquals(0.0, storm(8, "toolstack.kind=xenopsd").summary().xlLockWaitMs(), 0.0);
  }

  @Test(timeout = 60_000)
  public void aDestroyQueuedBehindItsVmsCreateRunsAfterIt() {
    List<TimedDriver.Step> script = List.of(TimedDriver.create(0, 0), TimedDriver.destroy(0, 1_000_000));
    ScenarioRun xenopsd = scripted(Scenarios.of("workload.guests=1", "toolstack.kind=xenopsd",
        "toolstack.workers=2"), script);
    OperationResult create = result(xenopsd, Operation.Kind.create, 0);
    OperationResult destroy = result(xenopsd, Operation.Kind.destroy, 0);
    System.out.printf(Locale.ROOT, "xenopsd: create 0 done at %.1f ms, its destroy (asked at 1 ms) started at %.1f ms%n",
        create.finishedAt() / 1e6, destroy.startedAt() / 1e6);
    assertTrue(create.ok() && destroy.ok());
    assertTrue("the destroy waited in the VM's queue", destroy.startedAt() >= create.finishedAt());
    assertEquals(1, xenopsd.summary().destroyed());

    ScenarioRun xl = scripted(Scenarios.of("workload.guests=1", "toolstack.mode=parallel", "toolstack.workers=2"),
        script);
    OperationResult xlDestroy = result(xl, Operation.Kind.destroy, 0);
    assertTrue("two xl processes overlap: the destroy finds no domain yet", !xlDestroy.ok()
        && xlDestroy.startedAt() < result(xl, Operation.Kind.create, 0).finishedAt());
  }

  @Test(timeout = 120_000)
  public void vmBuildWaitsForMemoryTheDestroyIsScrubbingWhereXlFails() {
    String[] host = {"hosts.paper-2socket.memory-per-node-mib=8192", "guest.memory-mib=10240",
        "workload.guests=2", "scrub.placement=remote", "toolstack.workers=2"};
    long destroyAt = 5_000_000_000L;
    Scenario xenopsd = Scenarios.of(concat(host, "toolstack.kind=xenopsd"));
    ScenarioRun alone = scripted(xenopsd, List.of(TimedDriver.create(0, 0), TimedDriver.destroy(0, destroyAt)));
    long scrubbing = result(alone, Operation.Kind.destroy, 0).phaseStart()[Phase.scrub.ordinal()];
    List<TimedDriver.Step> script = List.of(TimedDriver.create(0, 0), TimedDriver.destroy(0, destroyAt),
        TimedDriver.create(1, scrubbing + 1_000_000));

    ScenarioRun run = scripted(xenopsd, script);
    OperationResult waited = result(run, Operation.Kind.create, 1);
    OperationResult destroy = result(run, Operation.Kind.destroy, 0);
    System.out.printf(Locale.ROOT, "10 GiB create during a 10 GiB remote scrub: xenopsd waited %.1f ms in "
        + "wait_xen_free_mem (scrub done after %.1f ms), created in %.1f ms%n", waited.duration(Phase.memory_wait)
        / 1e6, destroy.duration(Phase.scrub) / 1e6, (waited.finishedAt() - waited.operation().requestedAt()) / 1e6);
    assertTrue(waited.failure(), waited.ok());
    assertTrue("it waited whole polls", waited.duration(Phase.memory_wait) >= 1_000_000_000L);
    assertTrue("it built as soon as enough was scrubbed, before the whole guest was",
        waited.phaseEnd()[Phase.memory_wait.ordinal()] < destroy.phaseEnd()[Phase.scrub.ordinal()]);

    ScenarioRun xl = scripted(Scenarios.of(concat(host, "toolstack.mode=parallel")), script);
    OperationResult xlCreate = result(xl, Operation.Kind.create, 1);
    assertTrue("xl allocates at once and fails", !xlCreate.ok() && xlCreate.failure().startsWith("out of memory"));

    ScenarioRun early = scripted(xenopsd, List.of(TimedDriver.create(0, 0), TimedDriver.destroy(0, destroyAt),
        TimedDriver.create(1, destroyAt)));
    OperationResult tooEarly = result(early, Operation.Kind.create, 1);
    assertTrue("with nothing being scrubbed yet it gives up at once",
        !tooEarly.ok() && tooEarly.failure().startsWith("Not_enough_memory"));
  }

  @Test(timeout = 60_000)
  public void bestEffortPlacementPutsEachGuestOnTheNodeWithMostFreeMemory() {
    // Guests 0, 2 and 4 all have node 0 as their home node by default (guest mod nodes), created one after another.
    List<TimedDriver.Step> script = List.of(TimedDriver.create(0, 0), TimedDriver.create(2, 3_000_000_000L),
        TimedDriver.create(4, 6_000_000_000L));
    long guestPages = 4096L * 1024 / 4;
    for (String policy : List.of("any", "best-effort")) {
      ScenarioRun run = scripted(Scenarios.of("workload.guests=5", "toolstack.kind=xenopsd", "guest.memory-mib=4096",
          "toolstack.numa-placement=" + policy), script);
      long node0 = run.model().finalState().node(0).allocated();
      long node1 = run.model().finalState().node(1).allocated();
      System.out.printf(Locale.ROOT, "numa-placement %s, guests 0, 2, 4 of 4 GiB: node 0 %d guests, node 1 %d%n",
          policy, node0 / guestPages, node1 / guestPages);
      assertEquals(policy.equals("any") ? 3 * guestPages : 2 * guestPages, node0);
      assertEquals(policy.equals("any") ? 0 : guestPages, node1);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
