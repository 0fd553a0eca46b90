package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.numa.NumaNode;
import java.util.List;

/**
 * One xl process: runs one {@code xl create} or {@code xl destroy} at a time through libxl's phases (see
 * {@link LibxlWorker}), and may be killed (a model fault, see {@link XlRestart}).
 *
 * <p>What a killed process held in the kernel goes at once: its file lock (the xl global lock) and its Xenstore
 * connection (xenstored ends the connection's transactions and drops its watches). A hypercall it was in finishes
 * (Xen completes it and drops domctl_lock/heap_lock); its result is kept for the cleanup. The caller sees the command
 * fail. The domain it was creating or destroying stays as it was: a half-built domain with its memory and Xenstore
 * entries, or a half-destroyed one. The next xl run on this worker, {@code restart} later (assumption: an
 * orchestrator retrying), cleans that up: libxl's error path for a creation, the rest of the destruction for a
 * destroy. Nothing leaks, but the operation is lost and the cleanup costs time.
 */
public final class ToolstackWorker extends LibxlWorker {

  public sealed interface Command extends XenMsg permits Crash, Recover {
  }

  /** Fault: this worker's xl process is killed; the next xl run on it cleans up {@code restart} later. */
  public record Crash(long restart) implements Command {
  }

  /** Internal: the next xl run after a crash may start cleaning up. */
  record Recover() implements Command {
  }

  private final List<long[]> crashes;
  private final XlRestart restart = new XlRestart();

  public ToolstackWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    this(index, layout, scenario, self, List.of());
  }

  /** A worker whose xl process is killed at each {@code (time, restart delay)} of {@code crashes} (model faults). */
  public ToolstackWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self, List<long[]> crashes) {
    super(index, layout, scenario, self);
    this.crashes = crashes;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    crashes.forEach(c -> ctx.schedule(c[0], new Crash(c[1])));
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Crash c) {
      crash(c.restart(), ctx);
    } else if (restart.dead()) {
      whileDead(message, ctx);
    } else if (message instanceof Worker.Start s && restart.recovering()) {
      restart.queue(s.operation());
    } else {
      super.handle(message, ctx);
    }
  }

  private void crash(long delay, Context<XenMsg> ctx) {
    if (step == SharedStep.idle && !restart.recovering()) {
      restart.crashedIdle();
      return;
    }
    if (restart.dead()) {
      return;
    }
    if (!restart.recovering()) {
      answer(false, "xl was killed (toolstack worker crash) in step " + step, null, ctx);
    }
    restart.killed(step, scrubbing::pending);
    holdsXl = false;
    memory.heapDropped();
    transactions.abandon();
    XlRestart.processGone(layout, self, port(ctx));
    tag++;
    ctx.schedule(delay, new Recover());
  }

  /** The dead process's in-flight requests complete; their results are what the cleanup works from. */
  private void whileDead(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Recover) {
      restart.restartDue();
    } else if (message instanceof Worker.Start s) {
      restart.queue(s.operation());
    } else if (message instanceof Hypervisor.DomainCreated c) {
      domid = c.domid();
      shard = layout.shardOfDomain(domid);
      restart.answered();
    } else if (message instanceof Hypervisor.Killed k) {
      reclaimed(k.pages());
      restart.answered();
    } else if (message instanceof NumaNode.Allocated a) {
      memory.took(a.node(), a.granted());
      restart.answered();
    } else if (message instanceof NumaNode.NodeScrubbed) {
      scrubbing.nodeScrubbed();
      restart.answered();
    } else if (message instanceof Hypervisor.DomainRejected || message instanceof DeviceBackend.NoxsDone) {
      restart.answered();
    }
    if (restart.restarts()) {
      cleanUp(ctx);
    }
  }

  /** The next xl run: cleans up what the killed one left, then takes the next operation. */
  private void cleanUp(Context<XenMsg> ctx) {
    tag++;
    switch (restart.cleanUp(op.kind(), step, domid, killed)) {
      case undo_creation -> {
        if (domid > 0) {
          xenstoreWritten = !switches.noxs();
        }
        fail("xl was killed (toolstack worker crash)", ctx);
      }
      case nothing_left -> finish(false, "", ctx);
      case kill -> {
        end(Phase.device_teardown, ctx);
        kill(ctx);
      }
      case scrub -> scrub(false, ctx);
      case redo_batch -> acquire(layout.domctlLock(), SharedStep.scrub_redo, ctx);
      case next_batch -> acquire(layout.domctlLock(), SharedStep.scrub_lock, ctx);
      case after_scrub -> scrubbed(ctx);
    }
  }

  @Override
  protected boolean cleaningUp() {
    return restart.recovering();
  }

  /** The cleanup is done: the worker is an ordinary idle xl worker again. */
  @Override
  protected void cleanedUp(Context<XenMsg> ctx) {
    op = null;
    Operation next = restart.recovered();
    if (next != null) {
      begin(next, ctx);
    }
  }

  @Override
  public Worker.Report report() {
    return report(idle(), holdsLocks(), restart.crashesIdle(), restart.crashesBusy(), restart.cleanedUp());
  }

  public boolean idle() {
    return step == SharedStep.idle && !restart.dead() && !restart.recovering();
  }

  public boolean holdsLocks() {
    return holdsXl || memory.holdsHeap();
  }
}
