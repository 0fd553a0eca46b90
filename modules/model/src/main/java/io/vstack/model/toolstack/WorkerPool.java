package io.vstack.model.toolstack;

import java.io.Serializable;
import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.xenopsd.Redirector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A driver's view of the toolstack workers: operations wait in FIFO order (urgent ones ahead of the rest) for the
 * lowest-numbered idle worker, as concurrent xl processes beyond the configured number would wait for a slot. With
 * xenopsd the operations wait in its per-VM queues instead ({@link Redirector}), so a VM's operations never overlap.
 */
public final class WorkerPool implements Serializable {
  private final List<LpRef<XenMsg>> workers;
  private final TreeSet<Integer> idle = new TreeSet<>();
  private final ArrayDeque<Operation> queue = new ArrayDeque<>();
  private final ArrayDeque<Operation> urgent = new ArrayDeque<>();
  private final long latency;
  private final Redirector redirector;
  private final int[] serving;

  public WorkerPool(List<LpRef<XenMsg>> workers, long latency) {
    this(workers, latency, false);
  }

  private WorkerPool(List<LpRef<XenMsg>> workers, long latency, boolean perVm) {
    this.workers = List.copyOf(workers);
    this.latency = latency;
    this.redirector = perVm ? new Redirector() : null;
    this.serving = new int[workers.size()];
    for (int w = 0; w < workers.size(); w++) {
      idle.add(w);
    }
  }

  /** The pool of the scenario's toolstack: its xl workers, or xenopsd's worker threads behind per-VM queues. */
  public static WorkerPool of(Layout layout, Scenario scenario) {
    List<LpRef<XenMsg>> workers = new ArrayList<>();
    for (int w = 0; w < layout.workers(); w++) {
      workers.add(layout.worker(w));
    }
    return new WorkerPool(workers, scenario.cost().messageLatency(), scenario.switches().xenopsd());
  }

  public void submit(Operation op, Context<XenMsg> ctx) {
    if (redirector != null) {
      redirector.push(op, false);
      dispatch(ctx);
    } else if (idle.isEmpty()) {
      queue.add(op);
    } else {
      ctx.send(workers.get(idle.pollFirst()), latency, new ToolstackWorker.Start(op));
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
    Operation next = urgent.isEmpty() ? queue.poll() : urgent.poll();
    if (next == null) {
      idle.add(worker);
    } else {
      ctx.send(workers.get(worker), latency, new ToolstackWorker.Start(next));
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
      ctx.send(workers.get(worker), latency, new ToolstackWorker.Start(next));
    }
  }
}
