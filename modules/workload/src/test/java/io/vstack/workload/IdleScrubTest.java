package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Xen 4.10+ idle-loop scrubbing (scrub.placement = idle) against stock synchronous and the paper's local scrubbing. */
public class IdleScrubTest extends JUnitSuite {

  private static final long S = 1_000_000_000L;

  private static ScenarioRun storm(String... overrides) {
    ScenarioRun run = ScenarioRun.run(Scenarios.of(overrides), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    return run;
  }

  /** A run of {@code script} on worker 0, checked against the invariants. */
  private record Paced(XenModel model, List<OperationResult> results, RunSummary summary) {
    static Paced run(Scenario s, PacedDriver.Step... script) {
      PacedDriver[] driver = new PacedDriver[1];
      XenModel model = new XenModel(s, (layout, sc) -> driver[0] = new PacedDriver(layout, sc, List.of(script)));
      new SequentialExecutor().run(model, RunSpec.untilQuiet(s.seed()));
      assertEquals(List.of(), Invariants.violations(model));
      return new Paced(model, driver[0].results(), RunSummary.of(model));
    }

    OperationResult last() {
      return results.get(results.size() - 1);
    }
  }

  @Test(timeout = 60_000)
  public void destroyReturnsBeforeMemoryIsCleanAndMuchSoonerThanWithRemoteOrLocalScrubbing() {
    String[] storm = {"workload.guests=8", "guest.memory-mib=2048"};
    RunSummary remote = storm(with(storm, "scrub.placement=remote")).summary();
    RunSummary local = storm(with(storm, "scrub.placement=local")).summary();
    ScenarioRun idle = storm(with(storm, "scrub.placement=idle"));
    for (RunSummary r : List.of(remote, local, idle.summary())) {
      System.out.printf("destroy storm of 8 x 2 GiB, %-10s destroy p50 %8.1f ms, max %8.1f ms, makespan %8.1f ms,"
          + " memory clean after %8.1f ms%n", r.configuration() + ":", r.destroy().p50(), r.destroy().max(),
          r.destroyMakespanMs(), r.memoryCleanMs());
    }
    // an idle-scrub destroy still walks the guest's pages (60 ms per GiB), but does not wait for them to be scrubbed
    assertTrue(idle.summary().destroy().max() * 4 < remote.destroy().p50());
    assertTrue(idle.summary().destroy().max() < local.destroy().p50());
    assertTrue(remote.memoryCleanMs() <= remote.destroyMakespanMs());
    assertTrue(local.memoryCleanMs() <= local.destroyMakespanMs());
    assertTrue(idle.summary().memoryCleanMs() > idle.summary().destroyMakespanMs());
    // One idle pCPU per node scrubs, where local scrubbing uses all of the node's pCPUs at once.
    assertTrue(idle.summary().memoryCleanMs() > local.memoryCleanMs());

    // The same run stopped right after the last destroy returned: memory is still dirty then.
    long lastDestroy = RunSummary.operations(idle.model()).stream()
        .filter(r -> r.operation().kind() == Operation.Kind.destroy).mapToLong(OperationResult::finishedAt).max()
        .orElseThrow();
    XenModel cut = new XenModel(idle.scenario(), WorkloadDriver::new);
    new SequentialExecutor().run(cut, new RunSpec(idle.scenario().seed(), lastDestroy + 1));
    long dirty = 0;
    for (int n = 0; n < cut.layout().nodes(); n++) {
      dirty += cut.finalState().node(n).dirty();
    }
    System.out.printf("dirty pages when the last destroy returned (%.1f ms): %d of %d released%n", lastDestroy / 1e6,
        dirty, 8L * 2048 * 256);
    assertTrue("dirty pages when the last destroy returned: " + dirty, dirty > 8L * 2048 * 256 / 2);
  }

  @Test(timeout = 60_000)
  public void aCreateRightAfterADestroyScrubsTheDirtyPagesItGetsAndTakesLonger() {
    // 2 nodes x 12 GiB filled by six 4 GiB guests; two are destroyed, then a seventh is created.
    Scenario s = Scenarios.of("hosts.paper-2socket.memory-per-node-mib=12288", "guest.memory-mib=4096",
        "workload.guests=7", "toolstack.workers=1", "scrub.placement=idle");
    Paced atOnce = pacedCreateAfterDestroys(s, 0);
    Paced later = pacedCreateAfterDestroys(s, 10 * S);
    Paced remote = pacedCreateAfterDestroys(s.with(s.switches().withFixes(false, false, false)), 0);
    long atOnceMs = latency(atOnce.last());
    System.out.printf("create after destroying 2 x 4 GiB: at once %.1f ms (populate %.1f ms, %d pages scrubbed by the"
        + " allocation), 10 s later %.1f ms, remote scrubbing %.1f ms%n", atOnceMs / 1e6,
        atOnce.last().duration(Phase.populate) / 1e6, atOnce.summary().allocationScrubbedPages(),
        latency(later.last()) / 1e6, latency(remote.last()) / 1e6);
    assertTrue(atOnce.summary().allocationScrubbedPages() > 0);
    assertEquals(0, later.summary().allocationScrubbedPages());
    assertEquals(0, remote.summary().allocationScrubbedPages());
    assertTrue(atOnceMs > latency(later.last()) + 200_000_000L);
    assertEquals(latency(later.last()), latency(remote.last()), 5_000_000L);
  }

  private static Paced pacedCreateAfterDestroys(Scenario s, long pause) {
    return Paced.run(s, PacedDriver.create(0), PacedDriver.create(1), PacedDriver.create(2), PacedDriver.create(3),
        PacedDriver.create(4), PacedDriver.create(5), PacedDriver.destroy(0), PacedDriver.destroy(1),
        new PacedDriver.Step(Operation.Kind.create, 6, pause));
  }

  private static long latency(OperationResult r) {
    return r.finishedAt() - r.operation().requestedAt();
  }

  @Test(timeout = 60_000)
  public void idlePcpusScrubOnlyTheirOwnNodeOneAtATime() {
    Scenario s = Scenarios.of("workload.guests=2", "guest.memory-mib=2048", "toolstack.workers=1",
        "scrub.placement=idle");
    Paced run = Paced.run(s, PacedDriver.create(0), PacedDriver.create(1), PacedDriver.destroy(1));
    FinalState state = run.model().finalState();
    long pages = 2048L * 256;
    long[] scrubbing = new long[2];
    for (int p = 0; p < s.host().pcpus(); p++) {
      scrubbing[s.host().nodeOfPcpu(p)] += state.pcpu(p).busy(WorkKind.scrub);
    }
    NumaNode.Report node1 = state.node(1);
    long destroyAsked = run.last().operation().requestedAt();
    System.out.printf("guest on node 1 destroyed at %.1f ms: node 0 pCPUs scrubbed %.1f ms, node 1 pCPUs %.1f ms,"
        + " node 1 clean at %.1f ms%n", destroyAsked / 1e6, scrubbing[0] / 1e6, scrubbing[1] / 1e6,
        node1.lastCleanedAt() / 1e6);
    assertEquals(0, scrubbing[0]);
    assertEquals(pages, node1.scrubbedLocal());
    assertEquals(0, node1.scrubbedRemote() + state.node(0).scrubbedLocal() + state.node(0).scrubbedRemote());
    long oneCpu = Math.round(s.cost().bytes(pages) / s.cost().coreBytesPerSecond() * 1e9);
    assertEquals(oneCpu, scrubbing[1], oneCpu / 1000);
    // One pCPU at a time: clean only a whole single-CPU scrub time after the destroy was asked for.
    assertTrue(node1.lastCleanedAt() - destroyAsked > oneCpu);
  }

  @Test(timeout = 60_000)
  public void afterTheQuietTailAllMemoryIsCleanAndConserved() {
    ScenarioRun run = storm("host=quad-node", "workload.guests=12", "toolstack.mode=parallel", "scrub.placement=idle");
    FinalState state = run.model().finalState();
    for (int n = 0; n < run.model().layout().nodes(); n++) {
      NumaNode.Report node = state.node(n);
      assertEquals(node.total(), node.free());
      assertEquals(0, node.dirty() + node.allocated() + node.claimed() + node.reserved());
    }
    assertEquals(12L * 1024 * 256, run.summary().scrubbedLocalPages());
    assertEquals(0, run.summary().scrubbedRemotePages());
    assertEquals(0, run.summary().allocationScrubbedPages());
    assertTrue(run.summary().memoryCleanMs() > run.summary().destroyMakespanMs());
  }

  private static String[] with(String[] base, String more) {
    String[] out = java.util.Arrays.copyOf(base, base.length + 1);
    out[base.length] = more;
    return out;
  }
}
