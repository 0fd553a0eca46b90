package io.vstack.model.toolstack;

import java.io.Serializable;
import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeSet;

/**
 * A driver's view of the toolstack workers: operations wait in FIFO order (urgent ones ahead of the rest) for the
 * lowest-numbered idle worker, as concurrent xl processes beyond the configured number would wait for a slot.
 */
public final class WorkerPool implements Serializable {
  private final List<LpRef<XenMsg>> workers;
  private final TreeSet<Integer> idle = new TreeSet<>();
  private final ArrayDeque<Operation> queue = new ArrayDeque<>();
  private final ArrayDeque<Operation> urgent = new ArrayDeque<>();
  private final long latency;

  public WorkerPool(List<LpRef<XenMsg>> workers, long latency) {
    this.workers = List.copyOf(workers);
    this.latency = latency;
    for (int w = 0; w < workers.size(); w++) {
      idle.add(w);
    }
  }

  public void submit(Operation op, Context<XenMsg> ctx) {
    if (idle.isEmpty()) {
      queue.add(op);
    } else {
      ctx.send(workers.get(idle.pollFirst()), latency, new ToolstackWorker.Start(op));
    }
  }

  /** Like {@link #submit}, but ahead of every non-urgent operation still waiting. */
  public void submitUrgent(Operation op, Context<XenMsg> ctx) {
    if (idle.isEmpty()) {
      urgent.add(op);
    } else {
      submit(op, ctx);
    }
  }

  /** Worker {@code worker} finished its operation; it takes the next queued one, if any. */
  public void done(int worker, Context<XenMsg> ctx) {
    Operation next = urgent.isEmpty() ? queue.poll() : urgent.poll();
    if (next == null) {
      idle.add(worker);
    } else {
      ctx.send(workers.get(worker), latency, new ToolstackWorker.Start(next));
    }
  }
}
