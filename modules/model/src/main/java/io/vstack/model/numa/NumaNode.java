package io.vstack.model.numa;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Topology;
import io.vstack.model.pcpu.IdleScrub;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A NUMA node's memory as page counts in three pools: free, allocated to guests, and dirty (released by a dying
 * guest, not yet scrubbed); under a memory-pressure fault some free pages are reserved for a while. With local
 * scrubbing it also directs the scrubbing of its own pages, a batch at a time on each of its own pCPUs.
 *
 * <p>It is the memory controller of its memory: every work item that streams through this node's pages (scrub
 * batches, idle-scrub chunks, an allocation scrubbing dirty pages, dom0's balloon driver) gets its duration from the
 * node's {@link MemoryBandwidth}. Work it does not dispatch itself comes as a {@link Stream} request, which the node
 * turns into the work on the requesting CPU.
 *
 * <p>With idle-loop scrubbing (Xen 4.10 and later) dirty pages stay in the heap marked need-scrub, counted as Xen's
 * node_need_scrub[] does (xen/common/page_alloc.c). The node tells its pCPUs when it has dirty memory; an idle one
 * asks for a chunk and scrubs it. One pCPU at a time scrubs a node, as Xen's node_scrubbing mask allows; the others
 * that ask meanwhile wait for the chunk's end, when the scrubber is given the next chunk if it is still idle, or the
 * first waiting one is. A pCPU never scrubs another node: node_to_scrub falls back only to memory-only nodes, and a
 * vstack host has CPUs on every node. An allocation that needs dirty pages takes them, pages out with the scrubber
 * last (check_and_stop_scrub), and scrubs them itself. A chunk given back early keeps its share of the node's
 * bandwidth until the end it was granted: the error is bounded by the chunk's length.
 */
public final class NumaNode implements Component {

  /** What a node is asked to do; it also takes its pCPUs' {@link IdleScrub.ToNode} messages. */
  public sealed interface Command extends XenMsg permits Allocate, Free, Release, Scrubbed, ScrubLocally,
      BatchDone, Pressure, PressureOver, ReleaseDirty, AllocateDirty, Meminfo, Stream {
  }

  /**
   * Work on {@code pcpu}, a CPU of node {@code from}, streaming through {@code pages} of this node's memory: the node
   * grants the stream its share of bandwidth and sends the pCPU {@code kind} work lasting the stream's time plus
   * {@code cpuTime} of CPU-bound work, at whose end the pCPU sends {@code onDone} to {@code replyTo}.
   */
  public record Stream(long pages, int from, LpRef<XenMsg> pcpu, WorkKind kind, long cpuTime, LpRef<XenMsg> replyTo,
      XenMsg onDone) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("work", kind.name(), "pages", pages, "from", from);
    }
  }

  /** Asks for this node's free and not yet scrubbed pages (numainfo / physinfo); answers {@link NodeMemory}. */
  public record Meminfo(LpRef<XenMsg> replyTo, long tag) implements Command {
  }

  /** Reply to {@link Meminfo}: {@code free} clean free pages and {@code dirty} pages still to be scrubbed. */
  public record NodeMemory(int node, long free, long dirty, long tag) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("node", node, "free", free, "dirty", dirty);
    }
  }

  /** Fault: something outside the guests takes up to {@code pages} free pages for {@code duration}. */
  public record Pressure(long pages, long duration) implements Command {
  }

  /** Internal: a pressure that held {@code pages} pages ends. */
  record PressureOver(long pages) implements Command {
  }

  /** Allocates up to {@code pages} free pages; answers {@link Allocated} with how many it granted. */
  public record Allocate(long pages, LpRef<XenMsg> replyTo) implements Command, XenMsg.AboutPages {
  }

  /** Returns never-used pages (a creation that failed) straight to the free pool. */
  public record Free(long pages) implements Command, XenMsg.AboutPages {
  }

  /** A dying guest gives back {@code pages}: allocated to dirty (the remote-scrub path scrubs them itself). */
  public record Release(long pages) implements Command, XenMsg.AboutPages {
  }

  /** {@code pages} dirty pages were scrubbed by a CPU of another node ({@code remote}) or this one: now free. */
  public record Scrubbed(long pages, boolean remote) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("pages", pages, "remote", remote);
    }
  }

  /** Releases and scrubs {@code pages} of a dying guest on this node's own pCPUs; answers {@link NodeScrubbed}. */
  public record ScrubLocally(long pages, LpRef<XenMsg> replyTo, long request) implements Command, XenMsg.AboutPages {
  }

  /** Internal (public for traces): a local scrub batch of {@code pages} for {@code request} finished on {@code slot}. */
  public record BatchDone(long request, long pages, int slot) implements Command, XenMsg.AboutPages {
  }

  /** Idle scrubbing: a dying guest gives back {@code pages} marked need-scrub (allocated to dirty), none scrubbed. */
  public record ReleaseDirty(long pages) implements Command, XenMsg.AboutPages {
  }

  /**
   * Idle scrubbing: takes up to {@code pages} dirty pages for an allocation that found too few clean ones; the
   * allocating CPU, on another node if {@code remote}, scrubs them itself. Answers {@link Allocated}.
   */
  public record AllocateDirty(long pages, boolean remote, LpRef<XenMsg> replyTo) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("pages", pages, "remote", remote);
    }
  }

  /** Reply to {@link Allocate}: {@code granted} pages of node {@code node}. */
  public record Allocated(int node, long granted) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("node", node, "pages", granted);
    }
  }

  /** Reply to {@link ScrubLocally}: all of it is scrubbed and free. */
  public record NodeScrubbed(int node, long request) implements XenMsg {
  }

  private record Pending(LpRef<XenMsg> replyTo, long request, long[] remaining) implements Serializable {
  }

  private record Batch(long request, long pages) implements Serializable {
  }

  private final int node;
  private final Topology host;
  private final CostModel cost;
  private final LpRef<XenMsg> self;
  private final LpRef<XenMsg>[] pcpus;
  private final long total;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final MemoryBandwidth bandwidth;
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private final boolean[] slotBusy;
  private long free;
  private long allocated;
  private long dirty;
  private long scrubbedLocal;
  private long scrubbedRemote;
  private int nextPcpu;
  private long reserved;
  private final List<long[]> pressures;
  private long claimed;
  private LpRef<XenMsg> scrubber;
  private final ArrayDeque<LpRef<XenMsg>> waiting = new ArrayDeque<>();
  private long scrubbedOnAllocation;
  private long lastCleanedAt;

  public NumaNode(int node, Topology host, CostModel cost, LpRef<XenMsg> self, LpRef<XenMsg>[] pcpus) {
    this(node, host, cost, self, pcpus, List.of());
  }

  /** A node under memory pressure {@code (time, pages, duration)} at each of {@code pressures} (model faults). */
  public NumaNode(int node, Topology host, CostModel cost, LpRef<XenMsg> self, LpRef<XenMsg>[] pcpus,
      List<long[]> pressures) {
    this.pressures = List.copyOf(pressures);
    this.node = node;
    this.host = host;
    this.cost = cost;
    this.self = self;
    this.pcpus = pcpus;
    this.total = cost.pagesFor(host.memoryMib());
    this.free = total;
    this.bandwidth = new MemoryBandwidth(cost.coreBytesPerSecond(), host.nodeBytesPerSecond(),
        host.interconnectBytesPerSecond());
    this.slotBusy = new boolean[host.guestPcpusOn(node)];
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    for (long[] p : pressures) {
      ctx.schedule(p[0], new Pressure(p[1], p[2]));
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Allocate a) {
      long granted = Math.min(a.pages(), free);
      free -= granted;
      allocated += granted;
      ctx.send(a.replyTo(), cost.messageLatency(), new Allocated(node, granted));
    } else if (message instanceof Free f) {
      take(f.pages());
      free += f.pages();
    } else if (message instanceof Release r) {
      take(r.pages());
      dirty += r.pages();
    } else if (message instanceof Scrubbed s) {
      clean(s.pages(), s.remote(), ctx);
    } else if (message instanceof ScrubLocally s) {
      scrubLocally(s, ctx);
    } else if (message instanceof Pressure p) {
      long taken = Math.min(p.pages(), free);
      free -= taken;
      reserved += taken;
      ctx.schedule(p.duration(), new PressureOver(taken));
    } else if (message instanceof PressureOver o) {
      reserved -= o.pages();
      free += o.pages();
    } else if (message instanceof ReleaseDirty r) {
      releaseDirty(r.pages(), ctx);
    } else if (message instanceof AllocateDirty a) {
      allocateDirty(a, ctx);
    } else if (message instanceof IdleScrub.WantChunk w) {
      wantChunk(w.pcpu(), ctx);
    } else if (message instanceof IdleScrub.ChunkScrubbed c) {
      chunkScrubbed(c, ctx);
    } else if (message instanceof Meminfo m) {
      ctx.send(m.replyTo(), cost.messageLatency(), new NodeMemory(node, free, dirty, m.tag()));
    } else if (message instanceof BatchDone b) {
      batchDone(b, ctx);
    } else if (message instanceof Stream s) {
      long duration = s.cpuTime() + bandwidth.grant(ctx.now(), cost.bytes(s.pages()), s.from() != node);
      ctx.send(s.pcpu(), cost.messageLatency(), new Pcpu.Run(s.kind(), duration, s.replyTo(), s.onDone()));
    } else {
      throw new IllegalArgumentException("NUMA node " + node + " cannot handle " + message);
    }
  }

  private void scrubLocally(ScrubLocally s, Context<XenMsg> ctx) {
    take(s.pages());
    dirty += s.pages();
    long batch = cost.pagesFor(cost.scrubBatchMib());
    long count = (s.pages() + batch - 1) / batch;
    if (count == 0) {
      ctx.send(s.replyTo(), cost.messageLatency(), new NodeScrubbed(node, s.request()));
      return;
    }
    pending.put(s.request(), new Pending(s.replyTo(), s.request(), new long[] {count}));
    for (long left = s.pages(); left > 0; left -= batch) {
      batches.add(new Batch(s.request(), Math.min(batch, left)));
    }
    dispatch(ctx);
  }

  /**
   * Gives waiting batches, oldest first, to this node's guest pCPUs that have none, one each, round robin: a batch's
   * stream starts when it is given, so a pCPU holds one at a time and other work on it runs between two batches.
   */
  private void dispatch(Context<XenMsg> ctx) {
    for (int tried = 0; tried < slotBusy.length && !batches.isEmpty(); tried++) {
      int slot = Math.floorMod(nextPcpu++, slotBusy.length);
      if (!slotBusy[slot]) {
        slotBusy[slot] = true;
        Batch b = batches.poll();
        LpRef<XenMsg> pcpu = pcpus[host.guestPcpu(node, slot) - node * host.pcpusPerNode()];
        long duration = bandwidth.grant(ctx.now(), cost.bytes(b.pages()), false);
        ctx.send(pcpu, cost.messageLatency(), new Pcpu.Run(WorkKind.scrub, duration, self,
            new BatchDone(b.request(), b.pages(), slot)));
      }
    }
  }

  private void batchDone(BatchDone b, Context<XenMsg> ctx) {
    slotBusy[b.slot()] = false;
    clean(b.pages(), false, ctx);
    Pending p = pending.get(b.request());
    if (--p.remaining()[0] == 0) {
      pending.remove(b.request());
      ctx.send(p.replyTo(), cost.messageLatency(), new NodeScrubbed(node, p.request()));
    }
    dispatch(ctx);
  }

  // Idle-loop scrubbing.

  private void releaseDirty(long pages, Context<XenMsg> ctx) {
    take(pages);
    boolean wasClean = dirty == 0;
    dirty += pages;
    if (wasClean && pages > 0) {
      for (LpRef<XenMsg> pcpu : pcpus) {
        ctx.send(pcpu, cost.messageLatency(), new IdleScrub.DirtyMemory());
      }
    }
  }

  private void wantChunk(LpRef<XenMsg> pcpu, Context<XenMsg> ctx) {
    if (scrubber != null) {
      waiting.add(pcpu);
    } else if (dirty == 0) {
      ctx.send(pcpu, cost.messageLatency(), new IdleScrub.NothingToScrub());
    } else {
      grant(pcpu, ctx);
    }
  }

  private void grant(LpRef<XenMsg> pcpu, Context<XenMsg> ctx) {
    claimed = Math.min(cost.pagesFor(cost.idleChunkMib()), dirty);
    scrubber = pcpu;
    long duration = bandwidth.grant(ctx.now(), cost.bytes(claimed), false);
    ctx.send(pcpu, cost.messageLatency(), new IdleScrub.ScrubChunk(claimed, duration));
  }

  /** The scrubber is done with its chunk: pages an allocation took from it meanwhile were not its to clean. */
  private void chunkScrubbed(IdleScrub.ChunkScrubbed c, Context<XenMsg> ctx) {
    if (!c.pcpu().equals(scrubber)) {
      throw new IllegalStateException("node " + node + ": " + c.pcpu() + " gave back a chunk it was not given");
    }
    long credited = Math.min(c.pages(), claimed);
    clean(credited, false, ctx);
    claimed = 0;
    scrubber = null;
    if (c.more()) {
      waiting.addFirst(c.pcpu());
    }
    if (dirty == 0) {
      while (!waiting.isEmpty()) {
        ctx.send(waiting.poll(), cost.messageLatency(), new IdleScrub.NothingToScrub());
      }
    } else if (!waiting.isEmpty()) {
      grant(waiting.poll(), ctx);
    }
  }

  /** Dirty pages for an allocation: those no pCPU is scrubbing first, then the scrubber's. */
  private void allocateDirty(AllocateDirty a, Context<XenMsg> ctx) {
    long granted = Math.min(a.pages(), dirty);
    claimed -= Math.max(0, granted - (dirty - claimed));
    dirty -= granted;
    allocated += granted;
    scrubbedOnAllocation += granted;
    if (a.remote()) {
      scrubbedRemote += granted;
    } else {
      scrubbedLocal += granted;
    }
    if (granted > 0) {
      lastCleanedAt = ctx.now();
    }
    ctx.send(a.replyTo(), cost.messageLatency(), new Allocated(node, granted));
  }

  private void take(long pages) {
    if (pages > allocated) {
      throw new IllegalStateException("node " + node + ": asked to give back " + pages + " pages but only "
          + allocated + " are allocated");
    }
    allocated -= pages;
  }

  private void clean(long pages, boolean remote, Context<XenMsg> ctx) {
    if (pages > dirty) {
      throw new IllegalStateException("node " + node + ": " + pages + " pages scrubbed but only " + dirty
          + " are dirty");
    }
    dirty -= pages;
    free += pages;
    if (pages > 0) {
      lastCleanedAt = ctx.now();
    }
    if (remote) {
      scrubbedRemote += pages;
    } else {
      scrubbedLocal += pages;
    }
  }

  /**
   * Final page counts. Scrubbed pages count local or remote by the scrubbing CPU's node, including those an
   * allocation scrubbed ({@code scrubbedOnAllocation}, idle scrubbing only); {@code claimed} pages are still out with
   * an idle scrubber; {@code lastCleanedAt} is when dirty pages last became free or went to an allocation (0: never).
   */
  public record Report(int node, long total, long free, long allocated, long dirty, long scrubbedLocal,
      long scrubbedRemote, long reserved, long claimed, long scrubbedOnAllocation, long lastCleanedAt)
      implements FinalReport {
  }

  public Report report() {
    return new Report(node, total, free, allocated, dirty, scrubbedLocal, scrubbedRemote, reserved, claimed,
        scrubbedOnAllocation, lastCleanedAt);
  }

  public int node() {
    return node;
  }

  public long total() {
    return total;
  }

  public long free() {
    return free;
  }

  public long allocated() {
    return allocated;
  }

  public long dirty() {
    return dirty;
  }

  public long scrubbedLocal() {
    return scrubbedLocal;
  }

  public long scrubbedRemote() {
    return scrubbedRemote;
  }
}
