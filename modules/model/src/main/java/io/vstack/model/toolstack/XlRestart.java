package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.lock.Lock;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A killed xl process and the next xl run on the same worker (model faults): whether the process is dead, how many
 * of its requests are still in flight (their results are what the cleanup works from), whether the restart is due,
 * where the new run's cleanup starts and the operation queued behind it; and the counts the worker reports.
 */
public final class XlRestart implements Serializable {

  /** What the next run does first about the operation the killed process left. */
  public enum Cleanup {
    /** A creation: it is undone as libxl's error path does. */
    undo_creation,
    /** A destroy that had not found its domain: nothing is left and the destroy just ends. */
    nothing_left,
    /** A destroy whose domain is not killed yet: it is killed now. */
    kill,
    /** Killed, its memory not scrubbed yet: the scrub starts, domctl_lock not held. */
    scrub,
    /** Killed while a batch was scrubbed on the CPU: domctl_lock is taken again, and the batch scrubbed again. */
    redo_batch,
    /** Killed waiting for domctl_lock between two batches: it is taken again. */
    next_batch,
    /** The memory is scrubbed or handed back: what follows the scrub (the Xenstore entries go). */
    after_scrub
  }

  /** Steps in which the process waits for one answer: a hypercall's, a node's allocation's or a noxs ioctl's. */
  private static final Set<Enum<?>> ONE_ANSWER = Set.of(SharedStep.domctl_table, SharedStep.kill_table,
      SharedStep.allocate, XlStep.noxs_device, XlStep.noxs_teardown);

  private boolean dead;
  private boolean restartDue;
  private boolean recovering;
  private int inFlight;
  private Operation queued;
  private int crashesIdle;
  private int crashesBusy;
  private int cleanedUp;

  /** A crash found no operation to kill. */
  public void crashedIdle() {
    crashesIdle++;
  }

  /**
   * The process was killed in {@code step}; its restart is not due yet. Its requests still unanswered: one, or in
   * step {@code scrub_local} as many as {@code scrubbingNodes} says.
   */
  public void killed(Enum<?> step, IntSupplier scrubbingNodes) {
    crashesBusy++;
    dead = true;
    restartDue = false;
    inFlight = ONE_ANSWER.contains(step) ? 1 : step == SharedStep.scrub_local ? scrubbingNodes.getAsInt() : 0;
  }

  /**
   * What the kernel does when xl process {@code self} dies: the locks it held or waited for are withdrawn (its file
   * lock, the xl global lock, goes; Xen finishes a hypercall it was in and drops domctl_lock or heap_lock) and its
   * Xenstore connections close (xenstored ends their transactions and drops their watches).
   */
  public static void processGone(Layout layout, LpRef<XenMsg> self, WorkerPort port) {
    for (LpRef<XenMsg> lock : List.of(layout.xlLock(), layout.domctlLock(), layout.heapLock())) {
      port.send(lock, new Lock.Withdraw(self));
    }
    for (int s = 0; s < layout.shards(); s++) {
      port.send(layout.shard(s), new XenstoreShard.Disconnect(self));
    }
  }

  public boolean dead() {
    return dead;
  }

  /** The restart delay is over. */
  public void restartDue() {
    restartDue = true;
  }

  /** A request of the dead process was answered. */
  public void answered() {
    inFlight--;
  }

  /** Whether the next run starts now (the restart is due and nothing is in flight); if so the process lives again. */
  public boolean restarts() {
    if (restartDue && inFlight == 0) {
      dead = false;
      return true;
    }
    return false;
  }

  /**
   * The new run starts cleaning up after a process killed in step {@code was} of an operation of {@code kind} on
   * domain {@code domid} (0: none yet), which the hypervisor has {@code domainKilled} or not.
   */
  public Cleanup cleanUp(Operation.Kind kind, Enum<?> was, int domid, boolean domainKilled) {
    recovering = true;
    if (kind != Operation.Kind.destroy) {
      cleanedUp += domid > 0 ? 1 : 0;
      return Cleanup.undo_creation;
    }
    if (domid == 0 || was == XlStep.name_lookup) {
      return Cleanup.nothing_left;
    }
    cleanedUp++;
    if (!domainKilled) {
      return Cleanup.kill;
    } else if (was == SharedStep.kill_table) {
      return Cleanup.scrub;
    } else if (was == SharedStep.scrub_cpu) {
      return Cleanup.redo_batch;
    } else if (was == SharedStep.scrub_lock) {
      return Cleanup.next_batch;
    }
    return Cleanup.after_scrub;
  }

  public boolean recovering() {
    return recovering;
  }

  /** The cleanup is done; the operation that waited for it, if any (null: none). */
  public Operation recovered() {
    recovering = false;
    Operation next = queued;
    queued = null;
    return next;
  }

  /** {@code op} waits until the process lives again and has cleaned up. */
  public void queue(Operation op) {
    queued = op;
  }

  public int crashesIdle() {
    return crashesIdle;
  }

  public int crashesBusy() {
    return crashesBusy;
  }

  public int cleanedUp() {
    return cleanedUp;
  }
}
