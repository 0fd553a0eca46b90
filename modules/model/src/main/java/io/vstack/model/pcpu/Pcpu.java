package io.vstack.model.pcpu;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.util.ArrayDeque;

/**
 * A physical CPU. Scheduler model: two lanes. Toolstack, memory population, hotplug, guest and scrub work queue
 * FIFO and run to completion, no time slicing, so a busy pCPU delays everything behind it: that is how dom0 CPU
 * saturation and scrub placement show up in latencies. Short hypercalls ({@link WorkKind#hypervisor}) run on a
 * separate lane, one after another, without waiting for the FIFO lane: the process that issues a domctl gets its
 * vCPU promptly under dom0's time-sliced scheduler, and a lock holder never waits behind other processes' work
 * (a convoy real dom0 scheduling does not produce). The approximation: a hypercall's few milliseconds are not
 * taken out of the FIFO lane's time.
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
  private long hypercallsBusyUntil;
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
      if (run.kind() == WorkKind.hypervisor) {
        hypercall(run, ctx);
      } else if (current == null) {
        begin(run, ctx);
      } else {
        queue.add(run);
      }
    } else if (message instanceof Finish) {
      Run done = current;
      current = null;
      ctx.send(done.replyTo(), latency, done.onDone());
      if (!queue.isEmpty()) {
        begin(queue.poll(), ctx);
      }
    } else {
      throw new IllegalArgumentException("pCPU " + index + " cannot handle " + message);
    }
  }

  private void hypercall(Run run, Context<XenMsg> ctx) {
    items++;
    busy[run.kind().ordinal()] += run.duration();
    hypercallsBusyUntil = Math.max(ctx.now(), hypercallsBusyUntil) + run.duration();
    ctx.send(run.replyTo(), hypercallsBusyUntil - ctx.now() + latency, run.onDone());
  }

  private void begin(Run run, Context<XenMsg> ctx) {
    current = run;
    items++;
    busy[run.kind().ordinal()] += run.duration();
    ctx.schedule(run.duration(), FINISH);
  }

  /** Final figures: busy ns per {@link WorkKind} ordinal, and whether nothing is left to run. */
  public record Report(int index, long[] busy, boolean idle) {
    public long busy(WorkKind kind) {
      return busy[kind.ordinal()];
    }
  }

  public Report report() {
    return new Report(index, busy.clone(), idle());
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
    return current == null && queue.isEmpty();
  }
}
