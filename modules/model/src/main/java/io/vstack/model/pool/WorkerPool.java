package io.vstack.model.pool;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Shell;
import io.vstack.model.toolstack.ShellPool;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenopsd.Redirector;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A driver's view of the toolstack workers: operations wait in FIFO order (urgent ones ahead of the rest) for the
 * lowest-numbered idle worker, as concurrent xl processes beyond the configured number would wait for a slot. With
 * xenopsd the operations wait in its per-VM queues instead ({@link Redirector}), so a VM's operations never overlap.
 * With a shell pool it is also LightVM's split toolstack: a creation handed to a worker takes a ready shell if there
 * is one, and the shell prepares the refill policy asks for wait behind every request, so they only ever get a
 * worker that nothing else wants (a prepare that runs is not interrupted by a later request). It has a package of
 * its own because it serves either toolstack, which know nothing of each other.
 */
public final class WorkerPool implements Serializable {
  private final List<LpRef<XenMsg>> workers;
  private final TreeSet<Integer> idle = new TreeSet<>();
  private final ArrayDeque<Operation> queue = new ArrayDeque<>();
  private final ArrayDeque<Operation> urgent = new ArrayDeque<>();
  private final ArrayDeque<Operation> background = new ArrayDeque<>();
  private final long latency;
  private final Redirector redirector;
  private final int[] serving;
  private final ShellPool shells;

  public WorkerPool(List<LpRef<XenMsg>> workers, long latency) {
    this(workers, latency, false, null);
  }

  private WorkerPool(List<LpRef<XenMsg>> workers, long latency, boolean perVm, ShellPool shells) {
    this.workers = List.copyOf(workers);
    this.latency = latency;
    this.redirector = perVm ? new Redirector() : null;
    this.serving = new int[workers.size()];
    this.shells = shells;
    for (int w = 0; w < workers.size(); w++) {
      idle.add(w);
    }
  }

  /**
   * The pool of the scenario's toolstack: its xl workers (with the scenario's shell pool, if it has one), or
   * xenopsd's worker threads behind per-VM queues.
   */
  public static WorkerPool of(Layout layout, Scenario scenario) {
    List<LpRef<XenMsg>> workers = new ArrayList<>();
    for (int w = 0; w < layout.workers(); w++) {
      workers.add(layout.worker(w));
    }
    ShellPool shells = scenario.switches().shells().enabled()
        ? new ShellPool(scenario.switches().shells(), scenario.guest()) : null;
    return new WorkerPool(workers, scenario.cost().messageLatency(), scenario.switches().xenopsd(), shells);
  }

  /**
   * Starts the shell pool's first fill, if there is a pool. True when the workload may begin now; false while a
   * pre-fill runs ({@link #done(Worker.OperationDone, Context)} says when it ended).
   */
  public boolean open(Context<XenMsg> ctx) {
    if (shells == null) {
      return true;
    }
    background.addAll(shells.open(ctx.now()));
    startBackground(ctx);
    return !shells.filling();
  }

  public void submit(Operation op, Context<XenMsg> ctx) {
    if (redirector != null) {
      redirector.push(op, false);
      dispatch(ctx);
    } else if (idle.isEmpty()) {
      queue.add(op);
    } else {
      start(idle.pollFirst(), op, ctx);
    }
  }

  /** Like {@link #submit}, but ahead of every non-urgent operation still waiting. */
  public void submitUrgent(Operation op, Context<XenMsg> ctx) {
    if (redirector != null) {
      redirector.push(op, true);
      dispatch(ctx);
    } else if (idle.isEmpty()) {
      urgent.add(op);
    } else {
      submit(op, ctx);
    }
  }

  /** Worker {@code worker} finished its operation; it takes the next queued one, if any. */
  public void done(int worker, Context<XenMsg> ctx) {
    if (redirector != null) {
      redirector.finished(serving[worker]);
      idle.add(worker);
      dispatch(ctx);
      return;
    }
    Operation next = !urgent.isEmpty() ? urgent.poll() : !queue.isEmpty() ? queue.poll() : background.poll();
    if (next == null) {
      idle.add(worker);
    } else {
      start(worker, next, ctx);
    }
    startBackground(ctx);
  }

  /**
   * An operation finished: a prepared shell joins the pool, and the worker takes the next operation. True when this
   * ended the pool's pre-fill, so the workload may begin.
   */
  public boolean done(Worker.OperationDone finished, Context<XenMsg> ctx) {
    boolean filled = shells != null && finished.result().operation().kind() == Operation.Kind.prepare
        && shells.finished(finished.shell());
    done(finished.worker(), ctx);
    return filled;
  }

  /** The shell pool, or null when the scenario has none. */
  public ShellPool shells() {
    return shells;
  }

  private void start(int worker, Operation op, Context<XenMsg> ctx) {
    Operation started = op;
    if (shells != null && op.kind() == Operation.Kind.create) {
      Shell shell = shells.take(op.type());
      if (shell != null) {
        started = op.withShell(shell);
      }
      background.addAll(shells.refill(ctx.now()));
    }
    ctx.send(workers.get(worker), latency, new Worker.Start(started));
  }

  /** Background prepares go to idle workers only once no request is waiting. */
  private void startBackground(Context<XenMsg> ctx) {
    while (!background.isEmpty() && !idle.isEmpty() && urgent.isEmpty() && queue.isEmpty()) {
      start(idle.pollFirst(), background.poll(), ctx);
    }
  }

  /** Hands queued operations to idle workers, lowest-numbered first, while some VM's queue may be served. */
  private void dispatch(Context<XenMsg> ctx) {
    while (!idle.isEmpty()) {
      Operation next = redirector.next();
      if (next == null) {
        return;
      }
      int worker = idle.pollFirst();
      serving[worker] = next.guest();
      ctx.send(workers.get(worker), latency, new Worker.Start(next));
    }
  }
}
