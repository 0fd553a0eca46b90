package io.vstack.model.numa;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.LpRef;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Topology;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class NumaNodeProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final long MS = 1_000_000;

  /** conf/cost-model.conf with a round per-core scrub rate: 2 GiB/s. */
  private static final CostModel COST = TestConf.cost("cost.scrub.gib-per-second=2");
  private static final long L = COST.messageLatency();

  /** 2 nodes x 3 pCPUs, 1 GiB per node, dom0 on pCPU 0; memory and interconnect too wide to bind: 1,000 GB/s. */
  private static final Topology TINY = new Topology("tiny", 2, 3, 1024, 1, 1000, 1000);
  /** 1 GiB of 4 KiB pages. */
  private static final long TOTAL = 262_144;
  /** One 64 MiB scrub batch of 4 KiB pages. */
  private static final long BATCH = 16_384;

  private static NumaNode nodeWithoutCpus(int node) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    LpRef<XenMsg>[] none = new LpRef[TINY.pcpusPerNode()];
    return new NumaNode(node, TINY, COST, LpRef.of(0), none);
  }

  /** Time one core takes for {@code pages} at 2 GiB/s when nothing else streams through the node. */
  private static long coreTime(long pages) {
    return Math.round(COST.bytes(pages) / COST.coreBytesPerSecond() * 1e9);
  }

  private static void assertConserved(NumaNode n) {
    assertEquals(n.total(), n.free() + n.allocated() + n.dirty());
  }

  @Test
  public void theCostModelUsedHereHasTheFiguresTheArithmeticAssumes() {
    assertEquals(50_000, L);
    assertEquals(TOTAL, COST.pagesFor(TINY.memoryMib()));
    assertEquals(BATCH, COST.pagesFor(COST.scrubBatchMib()));
    // 64 MiB = 1/16 GiB at 2 GiB/s = 31.25 ms
    assertEquals(31_250_000, coreTime(BATCH));
  }

  @Test
  public void allocationGrantsTheSmallerOfRequestAndFreePagesAndConservesThePools() {
    TestProbe<Received> probe = testKit.createTestProbe();
    NumaNode node = nodeWithoutCpus(1);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node);
    h.send(L, 0, new NumaNode.Allocate(200_000, h.client()))
        .send(L, 0, new NumaNode.Allocate(100_000, h.client()))
        .send(L, 0, new NumaNode.Allocate(5, h.client()));
    h.run(testKit.system());

    // 262,144 free: 200,000 granted, then min(100,000, 62,144) = 62,144, then min(5, 0) = 0; replies at 2L
    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, 200_000)));
    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, 62_144)));
    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, 0)));
    assertEquals(3, h.received().size());
    assertEquals(TOTAL, node.total());
    assertEquals(0, node.free());
    assertEquals(TOTAL, node.allocated());
    assertEquals(0, node.dirty());
    assertConserved(node);
  }

  @Test
  public void freeReleaseAndScrubbedMovePagesBetweenPoolsAndCountLocalAndRemoteScrubbing() {
    TestProbe<Received> probe = testKit.createTestProbe();
    NumaNode node = nodeWithoutCpus(0);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node);
    h.send(L, 0, new NumaNode.Allocate(10_000, h.client()))
        .send(1 * MS, 0, new NumaNode.Free(1_000))              // allocated -> free
        .send(2 * MS, 0, new NumaNode.Release(4_000))           // allocated -> dirty
        .send(3 * MS, 0, new NumaNode.Scrubbed(500, true))      // dirty -> free, remote
        .send(4 * MS, 0, new NumaNode.Scrubbed(1_500, false));  // dirty -> free, local
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(0, 10_000)));
    assertEquals(1, h.received().size());
    // allocated: 10,000 - 1,000 freed - 4,000 released = 5,000
    assertEquals(5_000, node.allocated());
    // dirty: 4,000 released - 500 - 1,500 scrubbed = 2,000
    assertEquals(2_000, node.dirty());
    // free: 262,144 - 10,000 + 1,000 + 500 + 1,500 = 255,144
    assertEquals(255_144, node.free());
    assertEquals(1_500, node.scrubbedLocal());
    assertEquals(500, node.scrubbedRemote());
    assertConserved(node);
  }

  @Test
  public void givingBackMorePagesThanAreAllocatedFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    NumaNode node = nodeWithoutCpus(0);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node);
    h.send(L, 0, new NumaNode.Allocate(10, h.client()))
        .send(1 * MS, 0, new NumaNode.Release(11));

    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> h.run(testKit.system()));
    Throwable cause = ProtocolHarness.rootCause(failure);
    assertTrue(cause.toString(), cause instanceof IllegalStateException);
    assertEquals("node 0: asked to give back 11 pages but only 10 are allocated", cause.getMessage());
  }

  @Test
  public void scrubbingMorePagesThanAreDirtyFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    NumaNode node = nodeWithoutCpus(1);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node);
    h.send(L, 0, new NumaNode.Allocate(10, h.client()))
        .send(1 * MS, 0, new NumaNode.Release(10))
        .send(2 * MS, 0, new NumaNode.Scrubbed(11, true));

    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> h.run(testKit.system()));
    Throwable cause = ProtocolHarness.rootCause(failure);
    assertTrue(cause.toString(), cause instanceof IllegalStateException);
    assertEquals("node 1: 11 pages scrubbed but only 10 are dirty", cause.getMessage());
  }

  @Test
  public void scrubLocallyGivesEachOfTheNodesPcpusOneBatchAtATimeRoundRobinAndAnswersNodeScrubbed() {
    TestProbe<Received> probe = testKit.createTestProbe();
    // node 1 owns pCPUs 3, 4, 5 (global), here processes 1, 2, 3; the node is process 0
    @SuppressWarnings({"unchecked", "rawtypes"})
    LpRef<XenMsg>[] cpus = new LpRef[] {LpRef.of(1), LpRef.of(2), LpRef.of(3)};
    NumaNode node = new NumaNode(1, TINY, COST, LpRef.of(0), cpus);
    Pcpu c0 = new Pcpu(3, 1, L);
    Pcpu c1 = new Pcpu(4, 1, L);
    Pcpu c2 = new Pcpu(5, 1, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node, c0, c1, c2);
    long pages = 4 * BATCH + BATCH / 2; // 288 MiB: 4 full batches and a half one
    long t0 = 1 * MS;
    h.send(L, 0, new NumaNode.Allocate(pages, h.client()))
        .send(t0, 0, new NumaNode.ScrubLocally(pages, h.client(), 7));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(1, pages)));
    // One batch per pCPU at a time: b0 -> c0, b1 -> c1, b2 -> c2 reach them at t0 + L and end 31.25 ms later; their
    // BatchDones reach the node at t0 + 2L + 31.25 ms, which gives b3 to c0 and b4 (half) to c1. b3 ends at
    // t0 + 3L + 62.5 ms; its BatchDone reaches the node L later and NodeScrubbed the client another L later.
    probe.expectMessage(new Received(t0 + 5 * L + 62_500_000, new NumaNode.NodeScrubbed(1, 7)));
    assertEquals(2, h.received().size());

    assertEquals(2, c0.items());
    assertEquals(62_500_000, c0.busy(WorkKind.scrub));
    assertEquals(2, c1.items());
    assertEquals(31_250_000 + 15_625_000, c1.busy(WorkKind.scrub));
    assertEquals(1, c2.items());
    assertEquals(31_250_000, c2.busy(WorkKind.scrub));

    assertEquals(pages, node.scrubbedLocal());
    assertEquals(0, node.scrubbedRemote());
    assertEquals(0, node.allocated());
    assertEquals(0, node.dirty());
    assertEquals(TOTAL, node.free());
  }

  @Test
  public void scrubLocallyOnNodeZeroSkipsTheDom0Pcpus() {
    TestProbe<Received> probe = testKit.createTestProbe();
    // node 0: pCPU 0 runs dom0 (dom0-vcpus = 1), so batches go to pCPUs 1 and 2 only
    @SuppressWarnings({"unchecked", "rawtypes"})
    LpRef<XenMsg>[] cpus = new LpRef[] {LpRef.of(1), LpRef.of(2), LpRef.of(3)};
    NumaNode node = new NumaNode(0, TINY, COST, LpRef.of(0), cpus);
    Pcpu dom0 = new Pcpu(0, 0, L);
    Pcpu c1 = new Pcpu(1, 0, L);
    Pcpu c2 = new Pcpu(2, 0, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node, dom0, c1, c2);
    long pages = 3 * BATCH;
    long t0 = 1 * MS;
    h.send(L, 0, new NumaNode.Allocate(pages, h.client()))
        .send(t0, 0, new NumaNode.ScrubLocally(pages, h.client(), 3));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new NumaNode.Allocated(0, pages)));
    // b0 -> pCPU 1 and b1 -> pCPU 2 at t0 + L; b2 -> pCPU 1 once b0's BatchDone is back (t0 + 2L + 31.25 ms), done
    // at t0 + 3L + 62.5 ms, then +L to the node, +L to the client
    probe.expectMessage(new Received(t0 + 5 * L + 62_500_000, new NumaNode.NodeScrubbed(0, 3)));
    assertEquals(0, dom0.items());
    assertEquals(2, c1.items());
    assertEquals(1, c2.items());
    assertEquals(pages, node.scrubbedLocal());
    assertEquals(TOTAL, node.free());
  }

  @Test
  public void localBatchesShareTheNodesMemoryBandwidthOnceTheCoresExceedIt() {
    TestProbe<Received> probe = testKit.createTestProbe();
    // node 1's memory sustains 3 GiB/s: the 1st batch gets a core's 2 GiB/s, the 2nd 3/2, the 3rd 3/3 GiB/s
    Topology narrow = new Topology("narrow", 2, 3, 1024, 1, 3 * 1.073741824, 1000);
    @SuppressWarnings({"unchecked", "rawtypes"})
    LpRef<XenMsg>[] cpus = new LpRef[] {LpRef.of(1), LpRef.of(2), LpRef.of(3)};
    NumaNode node = new NumaNode(1, narrow, COST, LpRef.of(0), cpus);
    Pcpu c0 = new Pcpu(3, 1, L);
    Pcpu c1 = new Pcpu(4, 1, L);
    Pcpu c2 = new Pcpu(5, 1, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node, c0, c1, c2);
    h.send(L, 0, new NumaNode.Allocate(3 * BATCH, h.client()))
        .send(1 * MS, 0, new NumaNode.ScrubLocally(3 * BATCH, h.client(), 1));
    h.run(testKit.system());

    assertEquals(31_250_000, c0.busy(WorkKind.scrub));
    assertEquals(41_666_667, c1.busy(WorkKind.scrub));
    assertEquals(62_500_000, c2.busy(WorkKind.scrub));
    assertEquals(3 * BATCH, node.scrubbedLocal());
  }

  @Test
  public void aStreamRequestBecomesWorkOnTheRequestingCpuTimedByTheInterconnect() {
    TestProbe<Received> probe = testKit.createTestProbe();
    // the interconnect into node 1 carries 1 GiB/s: a remote stream of one batch takes 62.5 ms, a local one 31.25
    Topology remote = new Topology("remote", 2, 3, 1024, 1, 1000, 1.073741824);
    NumaNode node = new NumaNode(1, remote, COST, LpRef.of(0), new LpRef[3]);
    Pcpu cpu = new Pcpu(0, 0, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node, cpu);
    ProtocolHarness.Tag far = new ProtocolHarness.Tag("far");
    ProtocolHarness.Tag near = new ProtocolHarness.Tag("near");
    h.send(1 * MS, 0, new NumaNode.Stream(BATCH, 0, LpRef.of(1), WorkKind.scrub, 2 * MS, h.client(), far))
        .send(200 * MS, 0, new NumaNode.Stream(BATCH, 1, LpRef.of(1), WorkKind.scrub, 0, h.client(), near));
    h.run(testKit.system());

    // granted at 1 ms, at the pCPU L later, 2 ms of CPU work plus 62.5 ms of stream, L back to the client
    probe.expectMessage(new Received(1 * MS + 2 * L + 64_500_000, far));
    probe.expectMessage(new Received(200 * MS + 2 * L + 31_250_000, near));
    assertEquals(64_500_000 + 31_250_000, cpu.busy(WorkKind.scrub));
  }

  @Test
  public void scrubLocallyOfNoPagesAnswersAtOnce() {
    TestProbe<Received> probe = testKit.createTestProbe();
    NumaNode node = nodeWithoutCpus(1);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), node);
    h.send(1 * MS, 0, new NumaNode.ScrubLocally(0, h.client(), 9));
    h.run(testKit.system());

    // no batch: the answer leaves on arrival, 1 ms + L
    probe.expectMessage(new Received(1 * MS + L, new NumaNode.NodeScrubbed(1, 9)));
    assertEquals(1, h.received().size());
    assertEquals(TOTAL, node.free());
  }

}
