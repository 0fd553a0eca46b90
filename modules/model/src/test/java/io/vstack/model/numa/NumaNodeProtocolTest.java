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

  /** conf/cost-model.conf with round scrub figures: 2 GiB/s locally, 2.5x slower remotely. */
  private static final CostModel COST = TestConf.cost("cost.scrub.gib-per-second=2", "cost.scrub.numa-factor=2.5");
  private static final long L = COST.messageLatency();

  /** 2 nodes x 3 pCPUs, 1 GiB per node, dom0 on pCPU 0. */
  private static final Topology TINY = new Topology("tiny", 2, 3, 1024, 1);
  /** 1 GiB of 4 KiB pages. */
  private static final long TOTAL = 262_144;
  /** One 64 MiB scrub batch of 4 KiB pages. */
  private static final long BATCH = 16_384;

  private static NumaNode nodeWithoutCpus(int node) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    LpRef<XenMsg>[] none = new LpRef[TINY.pcpusPerNode()];
    return new NumaNode(node, TINY, COST, LpRef.of(0), none);
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
    assertEquals(31_250_000, COST.scrubTime(BATCH, false));
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
  public void scrubLocallySpreadsBatchesRoundRobinOverTheNodesPcpusAndAnswersNodeScrubbed() {
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
    // Batches reach the pCPUs at t0 + L: b0, b3 -> c0; b1, b4 (half) -> c1; b2 -> c2.
    // Full batch 31.25 ms, half 15.625 ms. c0 ends last at t0 + L + 62.5 ms; its BatchDone reaches the node L
    // later and NodeScrubbed the client another L later: t0 + 3L + 62.5 ms.
    probe.expectMessage(new Received(t0 + 3 * L + 62_500_000, new NumaNode.NodeScrubbed(1, 7)));
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
    // b0, b2 -> pCPU 1 (62.5 ms), b1 -> pCPU 2; done at t0 + L + 62.5 ms, then +L to the node, +L to the client
    probe.expectMessage(new Received(t0 + 3 * L + 62_500_000, new NumaNode.NodeScrubbed(0, 3)));
    assertEquals(0, dom0.items());
    assertEquals(2, c1.items());
    assertEquals(1, c2.items());
    assertEquals(pages, node.scrubbedLocal());
    assertEquals(TOTAL, node.free());
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
