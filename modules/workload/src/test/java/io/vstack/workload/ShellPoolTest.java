package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.FinalReport;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.ReportedState;
import io.vstack.model.host.XenModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import io.vstack.model.toolstack.ShellPool;
import io.vstack.workload.vmtrace.TraceDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** LightVM's split toolstack: a pool of prepared domain shells hides most of a creation until it runs dry. */
public class ShellPoolTest extends JUnitSuite {

  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private static List<String> with(List<String> base, String... overrides) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(overrides));
    return all;
  }

  /** Creations at {@code times} (ns after the workload began) through the toolstack's dispatcher; none destroyed. */
  private static ScenarioRun timed(long[] times, String... overrides) {
    Scenario s = Scenarios.of(with(List.of("toolstack.mode=parallel", "guest.memory-mib=512",
        "workload.guests=" + times.length, "workload.destroy=never"), overrides).toArray(String[]::new));
    List<TraceDriver.TraceVm> vms = new ArrayList<>();
    for (int g = 0; g < times.length; g++) {
      vms.add(new TraceDriver.TraceVm(WorkloadDriver.name(g), times[g], -1, s.guest()));
    }
    ScenarioRun run = ScenarioRun.run(s, new SequentialExecutor(), DeliveryListener.NONE,
        (layout, sc) -> new TraceDriver(layout, sc, vms));
    assertEquals(List.of(), run.violations());
    return run;
  }

  /** A storm of the default workload driver. */
  private static ScenarioRun storm(String... overrides) {
    ScenarioRun run = ScenarioRun.run(Scenarios.of(with(List.of("toolstack.mode=parallel", "guest.memory-mib=512"),
        overrides).toArray(String[]::new)), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    return run;
  }

  /** Each guest's creation, in guest order. */
  private static List<OperationResult> creates(ScenarioRun run) {
    return RunSummary.operations(run.model()).stream().filter(r -> r.operation().kind() == Operation.Kind.create)
        .sorted(Comparator.comparingInt(r -> r.operation().guest())).toList();
  }

  private static long latency(OperationResult r) {
    return r.finishedAt() - r.operation().requestedAt();
  }

  private static String ms(List<OperationResult> ops) {
    return Arrays.toString(ops.stream().mapToDouble(r -> latency(r) / 1e6).toArray());
  }

  private static ShellPool pool(ScenarioRun run) {
    return run.model().component(run.model().layout().driver(), WorkloadDriver.class).pool().shells();
  }

  @Test(timeout = 60_000)
  public void aFullPoolHidesDomainCreationMemoryAndDevicesFromSpacedRequests() {
    long[] times = {SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND};
    ScenarioRun pooled = timed(times, "toolstack.shell-pool=4");
    ScenarioRun plain = timed(times);
    List<OperationResult> fast = creates(pooled);
    List<OperationResult> full = creates(plain);
    System.out.printf("4 spaced creations of 512 MiB guests: pool of 4 %s ms, no pool %s ms%n", ms(fast), ms(full));
    assertEquals(4, pooled.summary().createdFromShells());
    assertEquals(0, plain.summary().createdFromShells());
    long slowestPooled = fast.stream().mapToLong(ShellPoolTest::latency).max().orElseThrow();
    long fastestFull = full.stream().mapToLong(ShellPoolTest::latency).min().orElseThrow();
    assertTrue(slowestPooled + " vs " + fastestFull + " ns", slowestPooled * 4 < fastestFull);
    OperationResult shell = fast.get(0);
    for (Phase hidden : List.of(Phase.domctl_create, Phase.populate, Phase.devices)) {
      assertEquals(hidden + " ran in the background", -1, shell.duration(hidden));
    }
    for (Phase done : List.of(Phase.parse, Phase.name_check, Phase.build, Phase.xenstore_setup, Phase.unpause)) {
      assertTrue(done + " is the execute phase", shell.duration(done) > 0);
    }
    assertEquals("the kernel is built on request, as without a pool", full.get(0).duration(Phase.build),
        shell.duration(Phase.build));
  }

  @Test(timeout = 60_000)
  public void aBurstLargerThanThePoolRunsItDryAndTheRestBuildInFull() {
    ScenarioRun run = storm("toolstack.shell-pool=3", "workload.guests=8", "workload.destroy=never");
    List<OperationResult> ops = creates(run);
    System.out.printf("a storm of 8 on a pool of 3: %s ms%n", ms(ops));
    assertEquals(3, run.summary().createdFromShells());
    long slowestFast = 0;
    long fastestSlow = Long.MAX_VALUE;
    for (OperationResult r : ops) {
      boolean first = r.operation().guest() < 3;
      assertEquals("guest " + r.operation().guest(), first, r.operation().shell() != null);
      if (first) {
        slowestFast = Math.max(slowestFast, latency(r));
      } else {
        fastestSlow = Math.min(fastestSlow, latency(r));
      }
    }
    assertTrue("a step from " + slowestFast + " to " + fastestSlow + " ns", slowestFast * 3 < fastestSlow);
  }

  @Test(timeout = 60_000)
  public void eagerRefillMakesThePoolFullAgainAfterAQuietPeriod() {
    long[] twoBursts = {SECOND, SECOND, SECOND, SECOND, 20 * SECOND, 20 * SECOND, 20 * SECOND, 20 * SECOND};
    ScenarioRun run = timed(twoBursts, "toolstack.shell-pool=4");
    List<OperationResult> ops = creates(run);
    System.out.printf("two bursts of 4, 19 s apart, pool of 4 (eager): %s ms%n", ms(ops));
    assertEquals("both bursts found a full pool", 8, run.summary().createdFromShells());
    assertEquals("pre-fill, then one prepare per shell taken", 12, run.summary().shellsPrepared());
    assertEquals(4, run.summary().shellsLeft());
    long firstBurst = ops.subList(0, 4).stream().mapToLong(ShellPoolTest::latency).max().orElseThrow();
    long secondBurst = ops.subList(4, 8).stream().mapToLong(ShellPoolTest::latency).max().orElseThrow();
    OperationResult last = ops.get(7);
    System.out.printf("last of the second burst: unpause %.3f ms (waited for domctl_lock behind the refill's "
        + "createdomain), first burst's last: %.3f ms%n", last.duration(Phase.unpause) / 1e6,
        ops.get(3).duration(Phase.unpause) / 1e6);
    assertTrue("as fast as the first burst but for lock waits behind the refill: " + firstBurst + " vs "
        + secondBurst + " ns", secondBurst < firstBurst + 10 * MS);
  }

  @Test(timeout = 60_000)
  public void lowWaterRefillWaitsUntilTheThresholdAndThenTopsUp() {
    long[] spaced = {SECOND, 2 * SECOND, 3 * SECOND, 20 * SECOND};
    ScenarioRun lowWater = timed(spaced, "toolstack.shell-pool=4", "toolstack.shell-refill=low-water",
        "toolstack.shell-low-water=2");
    ScenarioRun eager = timed(spaced, "toolstack.shell-pool=4");
    assertEquals(4, lowWater.summary().createdFromShells());
    assertEquals("4 pre-filled; nothing at 3 and 2 left; 3 when only 1 was left", 7,
        lowWater.summary().shellsPrepared());
    assertEquals(3, lowWater.summary().shellsLeft());
    assertEquals(4, eager.summary().createdFromShells());
    assertEquals(8, eager.summary().shellsPrepared());
    assertEquals(4, eager.summary().shellsLeft());
  }

  @Test(timeout = 60_000)
  public void withoutPreFillAStormAtTimeZeroFindsNoShellButThePoolStillFills() {
    ScenarioRun cold = storm("toolstack.shell-pool=4", "toolstack.shell-prefill=off", "workload.guests=4",
        "workload.destroy=never");
    assertEquals(0, cold.summary().createdFromShells());
    assertEquals(4, cold.summary().shellsLeft());
    ScenarioRun warm = storm("toolstack.shell-pool=4", "workload.guests=4", "workload.destroy=never");
    assertEquals(4, warm.summary().createdFromShells());
    assertTrue(warm.summary().create().max() * 4 < cold.summary().create().p50());
  }

  /** Shells are live domains: memory, domids, Xenstore entries or noxs devices, all accounted for at the end. */
  @Test(timeout = 60_000)
  public void shellsLeftAtTheEndAreLivePausedDomainsThatHoldTheirMemoryAndDevices() {
    for (boolean noxs : new boolean[] {false, true}) {
      ScenarioRun run = storm("toolstack.shell-pool=4", "workload.guests=6", "xenstore.cache=on",
          "toolstack.noxs=" + (noxs ? "on" : "off"));
      String label = noxs ? "noxs" : "Xenstore";
      FinalState state = run.model().finalState();
      assertEquals(label, 6, run.summary().destroyed());
      assertEquals(label, 4, run.summary().shellsLeft());
      TreeSet<Integer> shells = state.hypervisor().shells();
      assertEquals(label, new TreeSet<>(pool(run).readyDomids()), shells);
      assertEquals(label, shells, new TreeSet<>(state.hypervisor().table().keySet()));
      assertTrue(label, state.hypervisor().table().values().stream()
          .allMatch(s -> s == Hypervisor.DomainState.paused));
      long allocated = 0;
      for (int n = 0; n < state.layout().nodes(); n++) {
        allocated += state.node(n).allocated();
      }
      assertEquals(label, 4 * state.scenario().cost().pagesFor(512), allocated);
      if (noxs) {
        assertEquals(0, run.summary().xenstoreOpsTotal());
        assertEquals("a vif and a vbd per shell", 8, state.backend().noxsDevices().size());
      } else {
        TreeSet<String> expected = new TreeSet<>();
        shells.forEach(d -> expected.add(Integer.toString(d)));
        assertEquals(expected, new TreeSet<>(state.shard(0).libxl()));
        assertEquals("the cache knows the shells by their own names", 4, state.cache().entries().size());
      }
    }
  }

  @Test(timeout = 60_000)
  public void theInvariantsCatchAPausedDomainThatIsNotAShell() {
    ScenarioRun run = storm("toolstack.shell-pool=2", "workload.guests=2", "workload.destroy=never");
    FinalState state = run.model().finalState();
    Hypervisor.Report h = state.hypervisor();
    Map<Integer, FinalReport> reports = run.model().reports();
    reports.put(run.model().layout().hypervisor().id(), new Hypervisor.Report(h.table(), h.devicePages(),
        h.dom0Pages(), new TreeSet<>()));
    List<String> violations = Invariants.violations(new ReportedState(state.scenario(), state.layout(), reports));
    assertEquals(violations.toString(), 2, violations.stream().filter(v -> v.endsWith("is left paused")).count());
  }

  /**
   * An xl killed at each event worker 0 handles while it prepares a shell, finishes one, or builds in full: the next
   * xl run cleans the half-made shell up like a half-made domain, and the pool refills from the next creation on.
   */
  @Test(timeout = 120_000)
  public void anXlKilledWhilePreparingOrFinishingAShellLeavesNothingBehind() {
    for (boolean noxs : new boolean[] {false, true}) {
      String[] storm = {"toolstack.mode=parallel", "guest.memory-mib=256", "toolstack.shell-pool=2",
          "workload.guests=3", "toolstack.workers=2", "toolstack.noxs=" + (noxs ? "on" : "off")};
      TreeSet<String> killedIn = new TreeSet<>();
      int cleaned = 0;
      List<XlKills.Kill> kills = XlKills.afterEveryEventOfWorker0(Scenarios.of(storm), 300_000_000L);
      for (XlKills.Kill kill : kills) {
        ScenarioRun run = kill.run();
        String where = (noxs ? "noxs" : "Xenstore") + ": " + kill.where();
        assertEquals(where, List.of(), run.violations());
        assertEquals(where, new TreeSet<>(pool(run).readyDomids()), run.model().finalState().hypervisor().shells());
        cleaned += run.summary().leftoversCleaned();
        for (OperationResult r : run.model().finalState().worker(0).history()) {
          if (r.failure().startsWith("xl was killed")) {
            killedIn.add(r.operation().kind() + (r.operation().shell() != null ? " from a shell" : ""));
          }
        }
      }
      System.out.printf("%s: xl killed at %d moments of worker 0, killed while %s, %d half-made domains or shells "
          + "cleaned up%n", noxs ? "noxs" : "Xenstore", kills.size(), killedIn, cleaned);
      assertTrue(noxs + ": cleaned up " + cleaned, cleaned >= 5);
      assertEquals(noxs + ": killed while " + killedIn, new TreeSet<>(List.of("create", "create from a shell",
          "destroy", "prepare")), killedIn);
    }
  }
}
