package io.vstack.trace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.domain.Domain;
import io.vstack.workload.ScenarioRun;
import java.nio.file.Path;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * The analyzer on one 1-GiB guest created and destroyed by one worker, stock configuration: every figure below is
 * derived by hand from the cost model.
 */
public class TraceAnalysisTest extends JUnitSuite {

  @ClassRule
  public static final TemporaryFolder TMP = new TemporaryFolder();

  private static TraceFile trace;
  private static ScenarioRun run;

  @BeforeClass
  public static void traceOneGuest() throws Exception {
    Path file = TMP.getRoot().toPath().resolve("one.jsonl.gz");
    run = TracedRun.run(TracedRun.scenario("workload.guests=1", "toolstack.workers=1"), new SequentialExecutor(),
        TraceFilter.ALL, file);
    trace = TraceFile.read(file);
  }

  @Test
  public void theSummaryCountsWorkItemsLockAcquisitionsAndScrubbedPagesExactly() {
    TraceSummary s = TraceSummary.of(trace);
    // Worker CPU items: create parse, createdomain, heap-lock hold, populate, build, unpause (6); destroy parse,
    // destroydomain (2) and 16 scrub batches of 64 MiB; the guest's kernel boot (1); four hotplug scripts (4); and
    // xenstored's time charged to dom0 vCPU 0, once per 100 ms while it served (6).
    assertEquals(35L, (long) s.byType().get("Pcpu.Run"));
    // Busiest is dom0 vCPU 0 (the worker's): 10 + 1 + 2 + 150 + 50 + 0.1 ms for the create, 5 + 1 ms for the
    // destroy, 16 batches of 1/16 GiB each walked (60 ms per GiB) and scrubbed at the core's 2.11 GiB/s (local: the
    // guest lives on node 0), the vif add script (the backend spreads its four scripts over dom0's four vCPUs) of
    // 120 ms, and all of xenstored's service time.
    long scrub = 16 * (3_750_000L + Math.round(0.0625 / 2.11 * 1e9));
    long xenstored = run.model().finalState().shard(0).busyNanos();
    assertEquals("pcpu-0", s.busiest().get(0).actor());
    assertEquals(213_100_000L + 6_000_000L + scrub + 120_000_000L + xenstored, s.busiest().get(0).busyNs());
    // One xl lock acquisition; domctl_lock: createdomain, unpause, destroydomain, and re-taken after each of the
    // 16 batches (the hypercall continuation). Nobody else wants the locks, so no waits.
    assertEquals(1, s.lockWaits().get("xl_lock").count());
    assertEquals(19, s.lockWaits().get("domctl_lock").count());
    assertEquals(0.0, s.lockWaits().get("domctl_lock").max(), 0);
    assertEquals(262_144, s.scrubbedLocalPages());
    assertEquals(0, s.scrubbedRemotePages());
    // Two name lookups to create, one to destroy; four transactions: domain, two devices, cleanup.
    assertEquals(3L, (long) s.xenstoreRequests().get("FindName"));
    assertEquals(4L, (long) s.xenstoreRequests().get("TxStart"));
    assertEquals(0, s.cacheHits() + s.cacheMisses());
  }

  @Test
  public void withIdleScrubbingTheSummaryCountsPagesScrubbedByIdleCpusAndByAllocationsAsTheModelDoes()
      throws Exception {
    Path file = TMP.getRoot().toPath().resolve("idle.jsonl.gz");
    // Each guest fills most of its home node and is destroyed once it runs, while the next is being created: the
    // next allocation finds too few clean pages and takes some of the dying guest's dirty ones.
    ScenarioRun idle = TracedRun.run(TracedRun.scenario("scrub.placement=idle", "workload.guests=6",
        "guest.memory-mib=3072", "hosts.paper-2socket.memory-per-node-mib=4096", "workload.pattern=one-at-a-time",
        "workload.destroy=on-running", "toolstack.workers=2"), new SequentialExecutor(), TraceFilter.ALL, file);
    TraceSummary s = TraceSummary.of(TraceFile.read(file));
    assertTrue("allocations took dirty pages", idle.summary().allocationScrubbedPages() > 0);
    assertEquals(idle.summary().scrubbedLocalPages(), s.scrubbedLocalPages());
    assertEquals(idle.summary().scrubbedRemotePages(), s.scrubbedRemotePages());
  }

  @Test
  public void theCriticalPathSpansExactlyFromTheRequestToTheGuestRunning() {
    CriticalPath path = CriticalPath.of(trace, 0);
    Domain d = run.model().component(run.model().layout().domain(0), Domain.class);
    assertEquals(0, path.startNs());
    // The path ends when the driver hears of it: one message latency after the kernel finished booting.
    assertEquals(d.runningAt() + 50_000, path.endNs());
    assertEquals("Worker.Start", path.links().get(0).record().type());
    assertEquals("Domain.GuestRunning", path.links().get(path.links().size() - 1).record().type());
    double shares = path.links().stream().mapToDouble(CriticalPath.Link::share).sum();
    assertEquals(1.0, shares, 1e-9);
    // The kernel boot (300 ms on the guest's pCPU) is the last long link.
    assertTrue(path.links().stream().anyMatch(l -> l.record().type().equals("Pcpu.Finish")
        && l.workNs() == 300_000_000L));
  }

  @Test
  public void thePhaseBreakdownReadsTheLifecycleTable() throws Exception {
    Path dir = TMP.newFolder("run").toPath();
    java.nio.file.Files.write(dir.resolve("lifecycle.csv"), java.util.List.of(
        "guest,parse_start_ms,parse_end_ms,\"build_start_ms\",build_end_ms", "0,0.000,10.000,20.000,70.500",
        "1,1.000,21.000,30.000,"));
    PhaseBreakdown phases = PhaseBreakdown.of(dir);
    assertEquals(2, phases.phases().get("parse").count());
    assertEquals(20.0, phases.phases().get("parse").max(), 1e-9);
    assertEquals(1, phases.phases().get("build").count());
    // a percentile is HdrHistogram's, at most 1 part in 16,384 under the exact value (see Percentiles)
    assertEquals(50.5, phases.phases().get("build").p50(), 50.5 / 16_384);
  }
}
