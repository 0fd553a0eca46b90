package io.vstack.model.xenopsd;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.vstack.model.TestConf;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Switches.ScrubPlacement;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.xenopsd.Atomic.Kind;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** wait_xen_free_mem's decisions, best-effort NUMA placement and the atomics of VM.start and VM.shutdown. */
public class XenopsdArithmeticTest extends JUnitSuite {
  private static final CostModel COST = TestConf.cost("cost.xenopsd.free-mem-poll=1s",
      "cost.xenopsd.free-mem-max-wait=64s");

  @Test
  public void physinfoCountsNeedScrubPagesAsFreeOnlyWithIdleScrubbing() {
    long[] free = {100, 50};
    long[] dirty = {10, 20};
    assertArrayEquals(new long[] {180, 0}, FreeMemWait.physinfo(free, dirty, ScrubPlacement.idle));
    assertArrayEquals(new long[] {150, 30}, FreeMemWait.physinfo(free, dirty, ScrubPlacement.remote));
    assertArrayEquals(new long[] {150, 30}, FreeMemWait.physinfo(free, dirty, ScrubPlacement.local));
  }

  @Test
  public void vmBuildWaitsWhileXenScrubsForAtMost64Polls() {
    assertEquals(FreeMemWait.Decision.build, FreeMemWait.decide(100, 0, 100, 0, COST));
    assertEquals(FreeMemWait.Decision.no_memory, FreeMemWait.decide(99, 0, 100, 0, COST));
    assertEquals(FreeMemWait.Decision.wait, FreeMemWait.decide(99, 1, 100, 0, COST));
    assertEquals(FreeMemWait.Decision.wait, FreeMemWait.decide(99, 1, 100, 63, COST));
    assertEquals(FreeMemWait.Decision.timed_out, FreeMemWait.decide(99, 1, 100, 64, COST));
    assertEquals(FreeMemWait.Decision.build, FreeMemWait.decide(100, 1, 100, 64, COST));
  }

  @Test
  public void bestEffortPicksTheFittingNodeWithMostFreeMemory() {
    int[] pcpus = {8, 8, 2};
    assertEquals(1, NumaPlan.choose(new long[] {100, 300, 500}, pcpus, 200, 4));
    assertEquals("a tie goes to the lowest node", 0, NumaPlan.choose(new long[] {300, 300, 0}, pcpus, 200, 1));
    assertEquals("no single node fits", -1, NumaPlan.choose(new long[] {100, 150, 190}, pcpus, 200, 1));
  }

  @Test
  public void vmStartIsCreateBuildVbdsVifsUnpauseAndShutdownUnplugsThenDestroys() {
    GuestType guest = new GuestType(512, 1, 1, 2);
    List<Atomic> start = Atomic.of(new Operation(Operation.Kind.create, 0, "vm-0", guest, 0));
    assertEquals(List.of(new Atomic(Kind.vm_create, -1), new Atomic(Kind.vm_build, -1), new Atomic(Kind.vbd_plug, 1),
        new Atomic(Kind.vbd_plug, 2), new Atomic(Kind.vif_plug, 0), new Atomic(Kind.vm_unpause, -1)), start);
    List<Atomic> shutdown = Atomic.of(new Operation(Operation.Kind.destroy, 0, "vm-0", guest, 0));
    assertEquals(List.of(new Atomic(Kind.vbd_unplug, 1), new Atomic(Kind.vbd_unplug, 2),
        new Atomic(Kind.vif_unplug, 0), new Atomic(Kind.vm_destroy, -1)), shutdown);
  }
}
