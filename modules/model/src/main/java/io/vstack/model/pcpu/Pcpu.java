package io.vstack.model.pcpu;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * A physical CPU. Scheduler model: two lanes. Toolstack, memory population, hotplug, guest and scrub work queue
 * FIFO and run to completion, no time slicing, so a busy pCPU delays everything behind it: that is how dom0 CPU
 * saturation and scrub placement show up in latencies. Short hypercalls ({@link WorkKind#hypervisor}) run on a
 * separate lane, one after another, without waiting for the FIFO lane: the process that issues a domctl gets its
 * vCPU promptly under dom0's time-sliced scheduler, and a lock holder never waits behind other processes' work
 * (a convoy real dom0 scheduling does not produce). The approximation: a hypercall's few milliseconds are not
 * taken out of the FIFO lane's time.
 *
 * <p>A pCPU-offline fault takes the pCPU away for a while: the item it is running (a scrub batch, a kernel boot)
 * is interrupted and resumes with the time it had left when the pCPU is back, and nothing new starts on either
 * lane meanwhile. Work stays on the pCPU it was given to (as if pinned there) rather than migrating: an assumption
 * that makes the fault's cost visible as waiting.
 *
 * <p>With idle-loop scrubbing (Xen 4.10 and later, {@code scrub.placement = idle}) a pCPU with nothing to run scrubs
 * its node's dirty memory, a chunk at a time, as Xen's idle_loop calls scrub_free_pages (xen/arch/x86/domain.c,
 * xen/common/page_alloc.c). Its node tells it when there is dirty memory; it asks for a chunk whenever it is idle and
 * gives the chunk back, with the pages it finished, as soon as anything else is to run or it goes offline: Xen's
 * scrubber stops after a few pages once a softirq is pending or the CPU is going offline. The hypercall lane does not
 * interrupt a chunk, as it does not interrupt the FIFO lane.
 *
 * <p>On a dom0 pCPU, running guests keep needing a share of the CPU (their device model, console and backends; see
 * {@link Dom0Share}): every FIFO item takes longer by that share, as if dom0's scheduler sliced the guests' work in.
 */
public final class Pcpu implements Component {

  /** What a pCPU is asked to do; it also takes its node's {@link IdleScrub.ToPcpu} messages. */
  public sealed interface Command extends XenMsg permits Run, Finish, Offline, Online, ChunkDone, Dom0Load {
  }

  /**
   * Runs {@code duration} ns of {@code kind} work after what is queued, then sends {@code onDone} to replyTo (no
   * reply when replyTo is null: work charged to the pCPU that nobody waits for).
   */
  public record Run(WorkKind kind, long duration, LpRef<XenMsg> replyTo, XenMsg onDone) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("work", kind.name(), "duration", duration);
    }
  }

  /**
   * The dom0 CPU running guests keep needing on this (dom0) pCPU changes by {@code perSecond} ns per second: a guest
   * started running (positive) or stopped (negative). See {@link Dom0Share}.
   */
  public record Dom0Load(long perSecond) implements Command {
  }

  /** Internal: the item started as the {@code start}-th piece of work finished (stale if it was interrupted). */
  public record Finish(long start) implements Command {
  }

  /** Fault injection (public for traces): the pCPU goes offline for {@code duration} ns. */
  public record Offline(long duration) implements Command {
  }

  /** Internal: the pCPU is back online. */
  record Online() implements Command {
  }

  /** Internal: the {@code seq}-th chunk is scrubbed (stale if the chunk was given back). */
  record ChunkDone(long seq) implements Command {
  }

  private final int index;
  private final int node;
  private final long latency;
  private final ArrayDeque<Run> queue = new ArrayDeque<>();
  private long hypercallsBusyUntil;
  private final long[] busy = new long[WorkKind.values().length];
  private final List<long[]> outages;
  private final LpRef<XenMsg> scrubNode;
  private boolean dirtyMemory;
  private boolean asking;
  private ChunkProgress chunk;
  private long chunks;
  private Run current;
  private long currentStart;
  private boolean suspended;
  private long remaining;
  private long starts;
  private long items;
  private long onlineAt;
  private long offlineTime;
  private long interrupted;
  private final Dom0Share background = new Dom0Share();
  private long lastSeen;

  public Pcpu(int index, int node, long latency) {
    this(index, node, latency, List.of());
  }

  /** A pCPU that goes offline at each {@code (time, duration)} of {@code outages} (model faults). */
  public Pcpu(int index, int node, long latency, List<long[]> outages) {
    this(index, node, latency, outages, null);
  }

  /** As above, scrubbing {@code scrubNode}'s dirty memory when idle (null: no idle-loop scrubbing). */
  public Pcpu(int index, int node, long latency, List<long[]> outages, LpRef<XenMsg> scrubNode) {
    this.index = index;
    this.node = node;
    this.latency = latency;
    this.outages = List.copyOf(outages);
    this.scrubNode = scrubNode;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    for (long[] o : outages) {
      ctx.schedule(o[0], new Offline(o[1]));
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    lastSeen = ctx.now();
    if (message instanceof Run run) {
      if (run.kind() == WorkKind.hypervisor) {
        hypercall(run, ctx);
      } else if (current == null && !offline(ctx)) {
        giveBackChunk(ctx);
        begin(run, ctx);
      } else {
        queue.add(run);
      }
    } else if (message instanceof Finish f) {
      if (f.start() == starts) {
        finish(ctx);
      }
    } else if (message instanceof Dom0Load l) {
      background.change(ctx.now(), l.perSecond());
    } else if (message instanceof Offline o) {
      goOffline(o.duration(), ctx);
    } else if (message instanceof Online) {
      if (!offline(ctx)) {
        resume(ctx);
      }
    } else if (message instanceof IdleScrub.DirtyMemory) {
      dirtyMemory = true;
      askIfIdle(ctx);
    } else if (message instanceof IdleScrub.ScrubChunk c) {
      scrubChunk(c, ctx);
    } else if (message instanceof IdleScrub.NothingToScrub) {
      asking = false;
      dirtyMemory = false;
    } else if (message instanceof ChunkDone d) {
      if (chunk != null && d.seq() == chunk.seq()) {
        chunkDone(ctx);
      }
    } else {
      throw new IllegalArgumentException("pCPU " + index + " cannot handle " + message);
    }
  }

  private boolean offline(Context<XenMsg> ctx) {
    return ctx.now() < onlineAt;
  }

  private void finish(Context<XenMsg> ctx) {
    Run done = current;
    current = null;
    if (done.replyTo() != null) {
      ctx.send(done.replyTo(), latency, done.onDone());
    }
    if (!queue.isEmpty()) {
      begin(queue.poll(), ctx);
    } else {
      askIfIdle(ctx);
    }
  }

  private void goOffline(long duration, Context<XenMsg> ctx) {
    long until = ctx.now() + duration;
    if (until <= onlineAt) {
      return;
    }
    offlineTime += until - Math.max(ctx.now(), onlineAt);
    giveBackChunk(ctx);
    if (current != null && !suspended) {
      remaining = currentStart + remaining - ctx.now();
      starts++;
      suspended = true;
      interrupted++;
    }
    onlineAt = until;
    ctx.schedule(duration, new Online());
  }

  private void resume(Context<XenMsg> ctx) {
    if (suspended) {
      suspended = false;
      run(ctx);
    } else if (current == null && !queue.isEmpty()) {
      begin(queue.poll(), ctx);
    } else {
      askIfIdle(ctx);
    }
  }

  private void hypercall(Run run, Context<XenMsg> ctx) {
    items++;
    busy[run.kind().ordinal()] += run.duration();
    hypercallsBusyUntil = Math.max(Math.max(ctx.now(), onlineAt), hypercallsBusyUntil) + run.duration();
    if (run.replyTo() != null) {
      ctx.send(run.replyTo(), hypercallsBusyUntil - ctx.now() + latency, run.onDone());
    }
  }

  private void begin(Run run, Context<XenMsg> ctx) {
    current = run;
    remaining = background.stretch(run.duration());
    items++;
    busy[run.kind().ordinal()] += run.duration();
    run(ctx);
  }

  private void run(Context<XenMsg> ctx) {
    currentStart = ctx.now();
    starts++;
    ctx.schedule(remaining, new Finish(starts));
  }

  // Idle-loop scrubbing.

  private boolean idleNow(Context<XenMsg> ctx) {
    return current == null && queue.isEmpty() && !offline(ctx);
  }

  /** Asks the node for a chunk if it has dirty memory, no request is out and nothing else is to run. */
  private void askIfIdle(Context<XenMsg> ctx) {
    if (scrubNode != null && dirtyMemory && !asking && chunk == null && idleNow(ctx)) {
      asking = true;
      ctx.send(scrubNode, latency, new IdleScrub.WantChunk(ctx.self()));
    }
  }

  /** A chunk arrived: scrub it if still idle, else give it straight back so another idle pCPU can have it. */
  private void scrubChunk(IdleScrub.ScrubChunk c, Context<XenMsg> ctx) {
    asking = false;
    if (!idleNow(ctx)) {
      ctx.send(scrubNode, latency, new IdleScrub.ChunkScrubbed(ctx.self(), 0, false));
      return;
    }
    chunk = new ChunkProgress(c.pages(), c.duration(), ctx.now(), ++chunks);
    ctx.schedule(c.duration(), new ChunkDone(chunk.seq()));
  }

  /** The whole chunk is scrubbed; the report asks for the next one, since nothing else came to run meanwhile. */
  private void chunkDone(Context<XenMsg> ctx) {
    busy[WorkKind.scrub.ordinal()] += chunk.duration();
    ctx.send(scrubNode, latency, new IdleScrub.ChunkScrubbed(ctx.self(), chunk.pages(), true));
    chunk = null;
    asking = true;
  }

  /** Other work or an outage takes the pCPU: stop scrubbing and report the pages finished so far. */
  private void giveBackChunk(Context<XenMsg> ctx) {
    if (chunk == null) {
      return;
    }
    busy[WorkKind.scrub.ordinal()] += chunk.elapsedAt(ctx.now());
    ctx.send(scrubNode, latency, new IdleScrub.ChunkScrubbed(ctx.self(), chunk.pagesDoneAt(ctx.now()), false));
    chunk = null;
  }

  /**
   * Final figures: busy ns per {@link WorkKind} ordinal, whether nothing is left to run, ns spent offline and
   * items interrupted by going offline.
   */
  public record Report(int index, long[] busy, boolean idle, long offline, long interrupted) implements FinalReport {
    public long busy(WorkKind kind) {
      return busy[kind.ordinal()];
    }
  }

  public Report report() {
    long[] byKind = busy.clone();
    byKind[WorkKind.dom0_background.ordinal()] += background.usedUntil(lastSeen);
    return new Report(index, byKind, idle(), offlineTime, interrupted);
  }

  public int index() {
    return index;
  }

  public int node() {
    return node;
  }

  /** Virtual ns spent on {@code kind} work. */
  public long busy(WorkKind kind) {
    return report().busy(kind);
  }

  public long items() {
    return items;
  }

  public boolean idle() {
    return current == null && queue.isEmpty();
  }
}
