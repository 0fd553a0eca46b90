package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.GuestType;
import io.vstack.model.lock.Lock;
import io.vstack.model.toolstack.XlRestart.Cleanup;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A killed xl process: when the next run starts, where its cleanup starts, and what it counts. */
public class XlRestartTest extends JUnitSuite {
  private static final IntSupplier NOT_SCRUBBING = () -> {
    throw new AssertionError("only asked when killed while nodes scrub locally");
  };

  private static XlRestart killedIn(Enum<?> step, IntSupplier scrubbing) {
    XlRestart restart = new XlRestart();
    restart.killed(step, scrubbing);
    restart.restartDue();
    return restart;
  }

  @Test
  public void aCrashThatFindsNoOperationIsOnlyCounted() {
    XlRestart restart = new XlRestart();
    restart.crashedIdle();
    assertFalse(restart.dead());
    assertEquals(1, restart.crashesIdle());
    assertEquals(0, restart.crashesBusy());
  }

  @Test
  public void theNextRunWaitsForTheRestartDelayAndTheKilledProcesssLastAnswer() {
    XlRestart restart = new XlRestart();
    restart.killed(SharedStep.domctl_table, NOT_SCRUBBING);
    assertTrue(restart.dead());
    assertFalse("restart not due yet", restart.restarts());
    restart.restartDue();
    assertFalse("the hypercall is still in flight", restart.restarts());
    restart.answered();
    assertTrue(restart.restarts());
    assertFalse(restart.dead());
    assertEquals(1, restart.crashesBusy());
  }

  @Test
  public void aProcessKilledWhileNodesScrubLocallyWaitsForEveryNode() {
    XlRestart restart = killedIn(SharedStep.scrub_local, () -> 2);
    restart.answered();
    assertFalse(restart.restarts());
    restart.answered();
    assertTrue(restart.restarts());
  }

  @Test
  public void aProcessKilledBetweenRequestsRestartsAsSoonAsItsRestartIsDue() {
    assertTrue(killedIn(SharedStep.build, NOT_SCRUBBING).restarts());
    assertTrue(killedIn(XlStep.xl_lock, NOT_SCRUBBING).restarts());
    XlRestart noxs = killedIn(XlStep.noxs_teardown, NOT_SCRUBBING);
    assertFalse("the backend's ioctl answer is awaited", noxs.restarts());
  }

  @Test
  public void aKilledCreationIsUndoneAndCountedWhenItLeftADomain() {
    XlRestart restart = killedIn(SharedStep.populate_cpu, NOT_SCRUBBING);
    assertEquals(Cleanup.undo_creation, restart.cleanUp(Operation.Kind.create, SharedStep.populate_cpu, 5, false));
    assertTrue(restart.recovering());
    assertEquals(1, restart.cleanedUp());
    assertEquals(Cleanup.undo_creation, restart.cleanUp(Operation.Kind.prepare, XlStep.parse, 0, false));
    assertEquals("no domain yet: nothing left over", 1, restart.cleanedUp());
  }

  @Test
  public void aKilledDestroyResumesWhereItWas() {
    assertEquals(Cleanup.nothing_left, new XlRestart().cleanUp(Operation.Kind.destroy, XlStep.parse, 0, false));
    assertEquals("the domid of a lookup still answering is not the domain's yet", Cleanup.nothing_left,
        new XlRestart().cleanUp(Operation.Kind.destroy, XlStep.name_lookup, 7, false));
    assertEquals(Cleanup.kill, destroyCleanup(SharedStep.teardown_wait, false));
    assertEquals(Cleanup.kill, destroyCleanup(SharedStep.kill_lock, false));
    assertEquals(Cleanup.scrub, destroyCleanup(SharedStep.kill_table, true));
    assertEquals(Cleanup.redo_batch, destroyCleanup(SharedStep.scrub_cpu, true));
    assertEquals(Cleanup.next_batch, destroyCleanup(SharedStep.scrub_lock, true));
    assertEquals(Cleanup.after_scrub, destroyCleanup(SharedStep.scrub_local, true));
    assertEquals(Cleanup.after_scrub, destroyCleanup(SharedStep.cleanup_tx_apply, true));
  }

  private static Cleanup destroyCleanup(Enum<?> was, boolean killed) {
    XlRestart restart = new XlRestart();
    Cleanup cleanup = restart.cleanUp(Operation.Kind.destroy, was, 7, killed);
    assertEquals("a half-destroyed domain is a leftover", 1, restart.cleanedUp());
    return cleanup;
  }

  @Test
  public void anOperationHandedToTheWorkerDuringTheCleanupRunsAfterIt() {
    XlRestart restart = new XlRestart();
    Operation next = new Operation(Operation.Kind.create, 3, "g3", new GuestType(256, 1, 1, 1), 0, null);
    restart.cleanUp(Operation.Kind.destroy, SharedStep.scrub_local, 7, true);
    restart.queue(next);
    assertEquals(next, restart.recovered());
    assertFalse(restart.recovering());
    assertNull(restart.recovered());
  }

  @Test
  public void theKernelWithdrawsTheDeadProcesssLocksAndClosesItsXenstoreConnections() {
    Layout layout = Layout.of(1, 4, 2, 1, 1);
    LpRef<XenMsg> self = LpRef.of(99);
    RecordingPort port = new RecordingPort();
    XlRestart.processGone(layout, self, port);
    assertEquals(List.of(new RecordingPort.Sent(layout.xlLock(), new Lock.Withdraw(self)),
        new RecordingPort.Sent(layout.domctlLock(), new Lock.Withdraw(self)),
        new RecordingPort.Sent(layout.heapLock(), new Lock.Withdraw(self)),
        new RecordingPort.Sent(layout.shard(0), new XenstoreShard.Disconnect(self)),
        new RecordingPort.Sent(layout.shard(1), new XenstoreShard.Disconnect(self))), port.sent);
  }
}
