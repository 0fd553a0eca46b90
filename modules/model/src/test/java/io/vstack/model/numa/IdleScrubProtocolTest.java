package io.vstack.model.numa;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.LpRef;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Topology;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Idle-loop scrubbing between a NUMA node and its pCPUs (scrub.placement = idle). */
public class IdleScrubProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final long MS = 1_000_000;

  /** Round scrub figures (2 GiB/s per core) and 64 MiB idle chunks. */
  private static final CostModel COST = TestConf.cost("cost.scrub.gib-per-second=2",
      "cost.scrub.idle-chunk-mib=64");
  private static final long L = COST.messageLatency();

  /** 2 nodes x 3 pCPUs, 1 GiB per node, dom0 on pCPU 0; memory and interconnect too wide to bind: 1,000 GB/s. */
  private static final Topology TINY = new Topology("tiny", 2, 3, 1024, 1, 1000, 1000);
  private static final long TOTAL = 262_144;
  /** One 64 MiB chunk of 4 KiB pages: 31.25 ms at 2 GiB/s. */
  private static final long CHUNK = 16_384;
  private static final long CHUNK_TIME = 31_250_000;

  /** Node 1 (process 0) and its pCPUs 3, 4, 5 (processes 1, 2, 3), which scrub it when idle. */
  private record Host(NumaNode node, Pcpu c0, Pcpu c1, Pcpu c2, ProtocolHarness harness) {
  }

  private static Host host(TestProbe<Received> probe) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    LpRef<XenMsg>[] cpus = new LpRef[] {LpRef.of(1), LpRef.of(2), LpRef.of(3)};
    NumaNode node = new NumaNode(1, TINY, COST, LpRef.of(0), cpus);
    Pcpu c0 = new Pcpu(3, 1, L, List.of(), LpRef.of(0));
    Pcpu c1 = new Pcpu(4, 1, L, List.of(), LpRef.of(0));
    Pcpu c2 = new Pcpu(5, 1, L, List.of(), LpRef.of(0));
    return new Host(node, c0, c1, c2, new ProtocolHarness(L, probe.getRef(), node, c0, c1, c2));
  }

  /** Time one core takes for {@code pages} at 2 GiB/s when nothing else streams through the node. */
  private static long coreTime(long pages) {
    return Math.round(COST.bytes(pages) / COST.coreBytesPerSecond() * 1e9);
  }

  private static void assertConserved(NumaNode.Report n) {
    assertEquals(n.total(), n.free() + n.allocated() + n.dirty());
  }

  @Test
  public void theCostModelUsedHereHasTheFiguresTheArithmeticAssumes() {
    assertEquals(CHUNK, COST.pagesFor(COST.idleChunkMib()));
    assertEquals(CHUNK_TIME, coreTime(CHUNK));
    assertEquals(16, TestConf.cost().idleChunkMib());
  }

  @Test
  public void oneIdlePcpuAtATimeScrubsTheNodeChunkAfterChunk() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Host h = host(probe);
    long t0 = 1 * MS;
    h.harness().send(L, 0, new NumaNode.Allocate(3 * CHUNK, h.harness().client()))
        .send(t0, 0, new NumaNode.ReleaseDirty(3 * CHUNK));
    h.harness().run(testKit.system());

    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, 3 * CHUNK)));
    assertEquals(1, h.harness().received().size());
    // t0: DirtyMemory to all three pCPUs (t0 + L); all ask (t0 + 2L); the first, c0, gets the node, the others
    // wait. c0 scrubs chunk after chunk: each takes 31.25 ms plus a report and a new chunk (2L) in between; the
    // last report reaches the node at t0 + 8L + 3 chunks.
    assertEquals(3 * CHUNK_TIME, h.c0().busy(WorkKind.scrub));
    assertEquals(0, h.c1().busy(WorkKind.scrub));
    assertEquals(0, h.c2().busy(WorkKind.scrub));
    NumaNode.Report r = h.node().report();
    assertEquals(t0 + 8 * L + 3 * CHUNK_TIME, r.lastCleanedAt());
    assertEquals(TOTAL, r.free());
    assertEquals(0, r.dirty());
    assertEquals(0, r.claimed());
    assertEquals(3 * CHUNK, r.scrubbedLocal());
    assertEquals(0, r.scrubbedRemote());
    assertEquals(0, r.scrubbedOnAllocation());
  }

  @Test
  public void otherWorkTakesTheScrubbingPcpuAtOnceAndTheNodeGoesOnWithAnotherIdlePcpu() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Host h = host(probe);
    long t0 = 1 * MS;
    long t1 = t0 + 3 * L + 10 * MS;
    h.harness().send(L, 0, new NumaNode.Allocate(3 * CHUNK, h.harness().client()))
        .send(t0, 0, new NumaNode.ReleaseDirty(3 * CHUNK))
        .send(t1, 1, new Pcpu.Run(WorkKind.guest, 5 * MS, h.harness().client(), new ProtocolHarness.Tag("boot")));
    h.harness().run(testKit.system());

    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, 3 * CHUNK)));
    // c0 is 10 ms into its first chunk when the guest work arrives: it starts at once, not after the chunk.
    probe.expectMessage(new Received(t1 + 5 * MS + L, new ProtocolHarness.Tag("boot")));
    assertEquals(2, h.harness().received().size());
    // c0 gave back 10 / 31.25 of the chunk: 5,242 pages. c1, waiting, got the node: two full chunks and the rest,
    // 16,384 - 5,242 = 11,142 pages; c0 asked again after the guest work and waited behind c2.
    long rest = CHUNK - 5_242;
    long restTime = coreTime(rest);
    assertEquals(10 * MS, h.c0().busy(WorkKind.scrub));
    assertEquals(5 * MS, h.c0().busy(WorkKind.guest));
    assertEquals(2 * CHUNK_TIME + restTime, h.c1().busy(WorkKind.scrub));
    assertEquals(0, h.c2().busy(WorkKind.scrub));
    NumaNode.Report r = h.node().report();
    // c0's report reaches the node at t1 + L, c1 has a chunk at t1 + 2L; c1's reports reach the node at
    // t1 + 3L + one chunk, t1 + 5L + two chunks and t1 + 7L + two chunks and the rest
    assertEquals(t1 + 7 * L + 2 * CHUNK_TIME + restTime, r.lastCleanedAt());
    assertEquals(TOTAL, r.free());
    assertEquals(3 * CHUNK, r.scrubbedLocal());
    assertEquals(0, r.claimed());
  }

  @Test
  public void anAllocationTakesDirtyPagesNoPcpuIsScrubbingBeforeTheScrubbersOwn() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Host h = host(probe);
    long t0 = 1 * MS;
    long t2 = t0 + 3 * L + 1 * MS;
    h.harness().send(L, 0, new NumaNode.Allocate(2 * CHUNK, h.harness().client()))
        .send(t0, 0, new NumaNode.ReleaseDirty(2 * CHUNK))
        .send(t2, 0, new NumaNode.AllocateDirty(CHUNK + 100, true, h.harness().client()));
    h.harness().run(testKit.system());

    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, 2 * CHUNK)));
    probe.expectMessage(new Received(t2 + L, new NumaNode.Allocated(1, CHUNK + 100)));
    // c0 holds the first chunk; the allocation takes the other 16,384 dirty pages and 100 of c0's, so c0's whole
    // chunk is credited as only 16,284 pages; then the node is clean.
    NumaNode.Report r = h.node().report();
    assertEquals(CHUNK_TIME, h.c0().busy(WorkKind.scrub));
    assertEquals(0, r.dirty());
    assertEquals(0, r.claimed());
    assertEquals(CHUNK + 100, r.allocated());
    assertEquals(TOTAL - CHUNK - 100, r.free());
    assertEquals(CHUNK + 100, r.scrubbedOnAllocation());
    assertEquals(CHUNK + 100, r.scrubbedRemote());
    assertEquals(CHUNK - 100, r.scrubbedLocal());
    // c0 finished its chunk at t0 + 3L + 31.25 ms; its report reached the node L later
    assertEquals(t0 + 4 * L + CHUNK_TIME, r.lastCleanedAt());
    assertConserved(r);
  }
}
