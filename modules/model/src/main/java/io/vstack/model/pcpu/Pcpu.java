package io.vstack.model.pcpu;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.util.ArrayDeque;

/**
 * A physical CPU. Scheduler model: run to completion, no time slicing; hypercall work ({@link WorkKind#hypervisor})
 * goes ahead of queued work of other kinds, everything else is FIFO. A hypercall runs on the vCPU that issued it
 * as soon as that vCPU runs, so it must not wait behind other dom0 processes' user-space work (which would also
 * make a lock holder wait for CPU: a convoy real dom0 scheduling does not produce). Toolstack, hotplug, guest and
 * scrub work queue in arrival order, so a busy pCPU delays everything behind it; that is how dom0 CPU saturation
 * and scrub placement show up in latencies.
 */
public final class Pcpu implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits Run, Finish {
  }

  /** Runs {@code duration} ns of {@code kind} work after what is queued, then sends {@code onDone} to replyTo. */
  public record Run(WorkKind kind, long duration, LpRef<XenMsg> replyTo, XenMsg onDone) implements Command {
  }

  /** Internal: the running item finished. */
  record Finish() implements Command {
  }

  private static final Finish FINISH = new Finish();

  private final int index;
  private final int node;
  private final long latency;
  private final ArrayDeque<Run> queue = new ArrayDeque<>();
  private final ArrayDeque<Run> hypercalls = new ArrayDeque<>();
  private final long[] busy = new long[WorkKind.values().length];
  private Run current;
  private long items;

  public Pcpu(int index, int node, long latency) {
    this.index = index;
    this.node = node;
    this.latency = latency;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Run run) {
      if (current == null) {
        begin(run, ctx);
      } else if (run.kind() == WorkKind.hypervisor) {
        hypercalls.add(run);
      } else {
        queue.add(run);
      }
    } else if (message instanceof Finish) {
      Run done = current;
      current = null;
      ctx.send(done.replyTo(), latency, done.onDone());
      Run next = hypercalls.isEmpty() ? queue.poll() : hypercalls.poll();
      if (next != null) {
        begin(next, ctx);
      }
    } else {
      throw new IllegalArgumentException("pCPU " + index + " cannot handle " + message);
    }
  }

  private void begin(Run run, Context<XenMsg> ctx) {
    current = run;
    items++;
    busy[run.kind().ordinal()] += run.duration();
    ctx.schedule(run.duration(), FINISH);
  }

  public int index() {
    return index;
  }

  public int node() {
    return node;
  }

  /** Virtual ns spent on {@code kind} work. */
  public long busy(WorkKind kind) {
    return busy[kind.ordinal()];
  }

  public long items() {
    return items;
  }

  public boolean idle() {
    return current == null && queue.isEmpty() && hypercalls.isEmpty();
  }
}
