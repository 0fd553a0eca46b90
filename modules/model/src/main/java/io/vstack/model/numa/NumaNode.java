package io.vstack.model.numa;

import java.io.Serializable;
import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Topology;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A NUMA node's memory as page counts in three pools: free, allocated to guests, and dirty (released by a dying
 * guest, not yet scrubbed); under a memory-pressure fault some free pages are reserved for a while. With local scrubbing it also directs the scrubbing of its own pages, spreading
 * batches over its own pCPUs.
 */
public final class NumaNode implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits Allocate, Free, Release, Scrubbed, ScrubLocally,
      BatchDone, Pressure, PressureOver {
  }

  /** Fault: something outside the guests takes up to {@code pages} free pages for {@code duration}. */
  public record Pressure(long pages, long duration) implements Command {
  }

  /** Internal: a pressure that held {@code pages} pages ends. */
  record PressureOver(long pages) implements Command {
  }

  /** Allocates up to {@code pages} free pages; answers {@link Allocated} with how many it granted. */
  public record Allocate(long pages, LpRef<XenMsg> replyTo) implements Command {
  }

  /** Returns never-used pages (a creation that failed) straight to the free pool. */
  public record Free(long pages) implements Command {
  }

  /** A dying guest gives back {@code pages}: allocated to dirty (the remote-scrub path scrubs them itself). */
  public record Release(long pages) implements Command {
  }

  /** {@code pages} dirty pages were scrubbed by a CPU of another node ({@code remote}) or this one: now free. */
  public record Scrubbed(long pages, boolean remote) implements Command {
  }

  /** Releases and scrubs {@code pages} of a dying guest on this node's own pCPUs; answers {@link NodeScrubbed}. */
  public record ScrubLocally(long pages, LpRef<XenMsg> replyTo, long request) implements Command {
  }

  /** Internal (public for traces): a local scrub batch of {@code pages} for {@code request} finished here. */
  public record BatchDone(long request, long pages) implements Command {
  }

  /** Reply to {@link Allocate}: {@code granted} pages of node {@code node}. */
  public record Allocated(int node, long granted) implements XenMsg {
  }

  /** Reply to {@link ScrubLocally}: all of it is scrubbed and free. */
  public record NodeScrubbed(int node, long request) implements XenMsg {
  }

  private record Pending(LpRef<XenMsg> replyTo, long request, long[] remaining) implements Serializable {
  }

  private final int node;
  private final Topology host;
  private final CostModel cost;
  private final LpRef<XenMsg> self;
  private final LpRef<XenMsg>[] pcpus;
  private final long total;
  private final Map<Long, Pending> pending = new HashMap<>();
  private long free;
  private long allocated;
  private long dirty;
  private long scrubbedLocal;
  private long scrubbedRemote;
  private int nextPcpu;
  private long reserved;
  private final List<long[]> pressures;

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
      clean(s.pages(), s.remote());
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
    } else if (message instanceof BatchDone b) {
      clean(b.pages(), false);
      Pending p = pending.get(b.request());
      if (--p.remaining()[0] == 0) {
        pending.remove(b.request());
        ctx.send(p.replyTo(), cost.messageLatency(), new NodeScrubbed(node, p.request()));
      }
    } else {
      throw new IllegalArgumentException("NUMA node " + node + " cannot handle " + message);
    }
  }

  private void scrubLocally(ScrubLocally s, Context<XenMsg> ctx) {
    take(s.pages());
    dirty += s.pages();
    long batch = cost.pagesFor(cost.scrubBatchMib());
    long batches = (s.pages() + batch - 1) / batch;
    if (batches == 0) {
      ctx.send(s.replyTo(), cost.messageLatency(), new NodeScrubbed(node, s.request()));
      return;
    }
    pending.put(s.request(), new Pending(s.replyTo(), s.request(), new long[] {batches}));
    for (long left = s.pages(); left > 0; left -= batch) {
      long pages = Math.min(batch, left);
      LpRef<XenMsg> pcpu = pcpus[host.guestPcpu(node, nextPcpu++) - node * host.pcpusPerNode()];
      ctx.send(pcpu, cost.messageLatency(), new Pcpu.Run(WorkKind.scrub, cost.scrubTime(pages, false), self,
          new BatchDone(s.request(), pages)));
    }
  }

  private void take(long pages) {
    if (pages > allocated) {
      throw new IllegalStateException("node " + node + ": asked to give back " + pages + " pages but only "
          + allocated + " are allocated");
    }
    allocated -= pages;
  }

  private void clean(long pages, boolean remote) {
    if (pages > dirty) {
      throw new IllegalStateException("node " + node + ": " + pages + " pages scrubbed but only " + dirty
          + " are dirty");
    }
    dirty -= pages;
    free += pages;
    if (remote) {
      scrubbedRemote += pages;
    } else {
      scrubbedLocal += pages;
    }
  }

  /** Final page counts. */
  public record Report(int node, long total, long free, long allocated, long dirty, long scrubbedLocal,
      long scrubbedRemote, long reserved) {
  }

  public Report report() {
    return new Report(node, total, free, allocated, dirty, scrubbedLocal, scrubbedRemote, reserved);
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
