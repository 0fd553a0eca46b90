package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ScrubPlacement;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A destroy's scrub phase for each scrub placement, the worker's CPU on node 0. */
public class ScrubbingTest extends JUnitSuite {
  private static final CostModel COST = TestConf.cost();
  private static final Layout LAYOUT = Layout.of(2, 4, 1, 1, 1);
  private static final LpRef<XenMsg> SELF = LpRef.of(99);
  private static final long BATCH = COST.pagesFor(COST.scrubBatchMib());

  private static Scrubbing killed(ScrubPlacement placement, long... owned) {
    Scrubbing scrubbing = new Scrubbing(LAYOUT, COST, placement, 0, SELF);
    scrubbing.reclaimed(5, owned);
    return scrubbing;
  }

  @Test
  public void withIdleScrubbingEachWalkedBatchGoesBackDirtyToItsNode() {
    RecordingPort port = new RecordingPort();
    Scrubbing scrubbing = killed(ScrubPlacement.idle, 0, 300);
    assertFalse("the release walk comes first", scrubbing.start(true, port));
    assertEquals("page-structure work on the destroying CPU", new RecordingPort.Work(WorkKind.memory,
        COST.releaseTime(300)), port.lastWork());
    assertEquals(SharedStep.scrub_cpu, port.step);
    scrubbing.batchWalked(port);
    assertEquals(new RecordingPort.Sent(LAYOUT.node(1), new NumaNode.ReleaseDirty(300)), port.sent.get(0));
    assertEquals("the hypercall continuation's preemption point", List.of(LAYOUT.domctlLock()), port.released);
    assertTrue("every page walked: the destroy does not wait for the scrub", scrubbing.nextBatch(port));
    assertEquals(List.of(LAYOUT.domctlLock(), LAYOUT.domctlLock()), port.released);
  }

  @Test
  public void withLocalScrubbingEachNodeScrubsItsShareOnceTheWalkIsOverAndTheLastAnswerEndsThePhase() {
    RecordingPort port = new RecordingPort();
    Scrubbing scrubbing = killed(ScrubPlacement.local, 200, 300);
    assertFalse(scrubbing.start(true, port));
    scrubbing.batchWalked(port);
    assertFalse(scrubbing.nextBatch(port));
    scrubbing.batchWalked(port);
    assertEquals("nothing sent while walking", List.of(), port.sent);
    assertFalse(scrubbing.nextBatch(port));
    assertEquals(List.of(new RecordingPort.Sent(LAYOUT.node(0), new NumaNode.ScrubLocally(200, SELF, 5)),
        new RecordingPort.Sent(LAYOUT.node(1), new NumaNode.ScrubLocally(300, SELF, 5))), port.sent);
    assertEquals(SharedStep.scrub_local, port.step);
    assertEquals(2, scrubbing.pending());
    assertFalse(scrubbing.nodeScrubbed());
    assertTrue(scrubbing.nodeScrubbed());
  }

  @Test
  public void aDomainWithoutPagesIsScrubbedAtOnce() {
    assertTrue(killed(ScrubPlacement.local).start(true, new RecordingPort()));
  }

  @Test
  public void withRemoteScrubbingTheWorkersCpuWalksAndScrubsBatchAfterBatchUnderDomctlLock() {
    RecordingPort port = new RecordingPort();
    Scrubbing scrubbing = killed(ScrubPlacement.remote, 0, BATCH + 10);
    assertFalse(scrubbing.start(true, port));
    assertEquals(new NumaNode.Release(BATCH), port.last(0));
    assertEquals(LAYOUT.node(1), port.lastTo(0));
    assertEquals("node 1's pages: a stream node 1 times, plus the walk", new RecordingPort.Stream(LAYOUT.node(1),
        WorkKind.scrub, BATCH, COST.releaseTime(BATCH)), port.lastStream());
    assertEquals(SharedStep.scrub_cpu, port.step);

    scrubbing.batchWalked(port);
    assertEquals(new NumaNode.Scrubbed(BATCH, true), port.last(0));
    assertEquals("the hypercall continuation's preemption point", List.of(LAYOUT.domctlLock()), port.released);
    assertEquals(List.of(LAYOUT.domctlLock()), port.acquired);
    assertEquals(SharedStep.scrub_lock, port.step);

    assertFalse(scrubbing.nextBatch(port));
    assertEquals(new NumaNode.Release(10), port.last(0));
    scrubbing.batchWalked(port);
    assertTrue("every page scrubbed", scrubbing.nextBatch(port));
    assertEquals(3, port.released.size());
  }

  @Test
  public void afterAKilledXlRemoteScrubbingTakesDomctlLockFirst() {
    RecordingPort port = new RecordingPort();
    assertFalse(killed(ScrubPlacement.remote, 100, 0).start(false, port));
    assertEquals(List.of(LAYOUT.domctlLock()), port.acquired);
    assertEquals(SharedStep.scrub_lock, port.step);
    assertEquals(List.of(), port.sent);
  }
}
