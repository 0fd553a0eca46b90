package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreShard.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an xl process ({@link ToolstackWorker}) and a xenopsd worker thread ({@code XenopsWorker}) have in common,
 * since both drive the same hypervisor, NUMA nodes and Xenstore: one operation at a time, its own CPU work on the dom0
 * vCPU it is pinned to, each reply matched to the step waiting for it by a tag; libxl's Xenstore transactions (see
 * {@link ShardedTransaction}); the node-by-node allocation under heap_lock (see {@link MemoryAllocation}); the
 * destroy-time scrub of a killed domain's memory for each scrub placement (see {@link DomainScrub}); undoing a failed
 * creation's memory and Xenstore entries; and the operation's result for the driver. Each worker keeps its own state
 * machine (its {@code Step} enum); the shared protocols move it through steps of its own, named in
 * {@link SharedSteps}, so that its state stays plain data and its crash handling can tell where it was.
 *
 * @param <S> the worker's steps
 */
public abstract class OperationWorker<S extends Enum<S>> implements Component {

  /**
   * The worker's steps the shared protocols wait in: heap_lock's grant, a node's answer to an allocation request,
   * the allocation's hypervisor work, the scrub of dirty pages it took, populating; domctl_lock's grant before a
   * remote scrub batch, the batch's scrubbing, the nodes' local scrubbing.
   */
  public record SharedSteps<S>(S heapLock, S allocate, S heapCpu, S allocationScrub, S populateCpu, S scrubLock,
      S scrubCpu, S scrubLocal) implements Serializable {
  }

  protected final int index;
  protected final Layout layout;
  protected final Scenario scenario;
  protected final CostModel cost;
  protected final Switches switches;
  protected final LpRef<XenMsg> self;
  protected final ShardRouting routing;
  private final LpRef<XenMsg> pcpu;
  private final int pcpuNode;
  private final long latency;
  private final SharedSteps<S> steps;

  /** Where the state machine waits. */
  protected S step;
  /** The tag of the reply or resumption the current step waits for. */
  protected long tag;
  protected Operation op;
  protected int domid;
  /** Retries of the current Xenstore transaction, and of all the operation's. */
  protected int retries;
  protected int totalRetries;
  protected boolean holdsHeap;
  protected MemoryAllocation memory;
  /** The killed domain's memory, once the hypervisor handed it back. */
  protected DomainScrub scrubbing;
  /** The open Xenstore transaction, if any. */
  protected ShardedTransaction txn;
  private long startedAt;
  private long[] phaseStart;
  private long[] phaseEnd;
  private int crossShardCommits;
  private int crossShardAborts;
  /** The tag of the latest read of a device's state (negative: apart from the steps' tags), and reads so far. */
  private long readTag;
  private long reads;
  private final List<OperationResult> history = new ArrayList<>();

  protected OperationWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self, S idle,
      SharedSteps<S> steps) {
    this.index = index;
    this.layout = layout;
    this.scenario = scenario;
    this.cost = scenario.cost();
    this.switches = scenario.switches();
    this.self = self;
    int dom0Cpu = index % scenario.host().dom0Vcpus();
    this.pcpu = layout.pcpu(dom0Cpu);
    this.pcpuNode = scenario.host().nodeOfPcpu(dom0Cpu);
    this.latency = cost.messageLatency();
    this.routing = new ShardRouting(layout, switches.backends());
    this.step = idle;
    this.steps = steps;
  }

  /** The CPU work, lock grant or sleep the current step waits for is over. */
  protected abstract void resume(Context<XenMsg> ctx);

  /** Any message but a resumption. */
  protected abstract void onMessage(XenMsg message, Context<XenMsg> ctx);

  /** Ends the operation as failed, undoing what it did as the toolstack's error path does. */
  protected abstract void fail(String reason, Context<XenMsg> ctx);

  /** The transaction opened in the current step's {@code *_tx_start} committed on every shard it touched. */
  protected abstract void committed(Context<XenMsg> ctx);

  /** The killed domain's memory is scrubbed, or handed back to be scrubbed: its Xenstore entries go next. */
  protected abstract void cleanup(Context<XenMsg> ctx);

  /** The latest read of the current device's state node answered {@code value} (null: the node is gone). */
  protected abstract void onDeviceState(String value, Context<XenMsg> ctx);

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.Resume r) {
      if (r.tag() == tag) {
        resume(ctx);
      }
    } else {
      onMessage(message, ctx);
    }
  }

  /** Takes {@code operation} on: no phase run yet, no retry, no domain, no memory. */
  protected void open(Operation operation, Context<XenMsg> ctx) {
    op = operation;
    startedAt = ctx.now();
    phaseStart = new long[Phase.values().length];
    phaseEnd = new long[Phase.values().length];
    Arrays.fill(phaseStart, -1);
    Arrays.fill(phaseEnd, -1);
    retries = 0;
    totalRetries = 0;
    domid = 0;
    memory = new MemoryAllocation(layout.nodes());
  }

  /** Records the operation's result (at {@code ctx.now()}) and sends it to the driver with {@code shell}, if any. */
  protected void answer(boolean ok, String failure, Shell shell, Context<XenMsg> ctx) {
    OperationResult result = new OperationResult(op, index, domid, startedAt, ctx.now(), ok, failure,
        totalRetries, phaseStart, phaseEnd);
    history.add(result);
    send(layout.driver(), new Worker.OperationDone(index, result, shell), ctx);
  }

  /**
   * Routes a Xenstore reply to the open transaction or to the latest device-state read, and drops it if stale;
   * whether it is left for the current step to handle.
   */
  protected boolean forCurrentStep(XsReply r, Context<XenMsg> ctx) {
    if (transactionReply(r, ctx)) {
      return false;
    }
    if (r.tag() < 0) {
      if (r.tag() == readTag) {
        onDeviceState(r.value(), ctx);
      }
      return false;
    }
    return r.tag() == tag;
  }

  /** A watch on the current device's state node ({@code path}, on {@code shard}) fired: read the value it has now. */
  protected void readDeviceState(String path, LpRef<XenMsg> shard, Context<XenMsg> ctx) {
    readTag = -(++reads);
    send(shard, new XenstoreShard.Read(path, self, readTag), ctx);
  }

  // Xenstore transactions: libxl's loop of start, apply, commit, again on EAGAIN up to a bound.

  /**
   * Opens a transaction writing {@code ops} of the current domain on the shards they live on; {@code start} is its
   * {@code *_tx_start} step, followed in the worker's steps by its apply and commit steps.
   */
  protected void startTransaction(S start, List<TxOp> ops, Context<XenMsg> ctx) {
    step = start;
    txn = new ShardedTransaction(self, routing.byShard(ops, domid));
    txn.start(requests(ctx));
  }

  private ShardedTransaction.Requests requests(Context<XenMsg> ctx) {
    return new ShardedTransaction.Requests() {
      @Override
      public void send(LpRef<XenMsg> shard, XenMsg request) {
        OperationWorker.this.send(shard, request, ctx);
      }

      @Override
      public long nextTag() {
        return ++tag;
      }
    };
  }

  /** Whether {@code r} answers the open transaction; if so it moves the transaction on. */
  private boolean transactionReply(XsReply r, Context<XenMsg> ctx) {
    if (txn == null || !txn.awaits(r.tag())) {
      return false;
    }
    switch (txn.onReply(r, requests(ctx))) {
      case waiting -> { }
      case applying, committing -> step = shifted(step, 1);
      case committed -> {
        crossShardCommits += txn.crossShard() ? 1 : 0;
        txn = null;
        committed(ctx);
      }
      case conflict -> {
        crossShardAborts += txn.crossShard() ? 1 : 0;
        totalRetries++;
        if (++retries > cost.xsMaxRetries()) {
          txn = null;
          fail("Xenstore transaction still conflicting after " + cost.xsMaxRetries() + " retries", ctx);
          return true;
        }
        step = shifted(step, -2);
        txn.start(requests(ctx));
      }
    }
    return true;
  }

  private static <S extends Enum<S>> S shifted(S s, int by) {
    return s.getDeclaringClass().getEnumConstants()[s.ordinal() + by];
  }

  // Memory: heap_lock, the allocation node by node, the hypervisor's share, scrubbing dirty pages taken, populating.

  /** Starts the populate phase: takes heap_lock to allocate the guest's memory from node {@code home} on. */
  protected void startPopulate(int home, Context<XenMsg> ctx) {
    begin(Phase.populate, ctx);
    memory.start(home, cost.pagesFor(op.type().memoryMib()), switches.scrub() == Switches.ScrubPlacement.idle);
    acquire(layout.heapLock(), steps.heapLock(), ctx);
  }

  /** heap_lock is granted. */
  protected void heapLocked(Context<XenMsg> ctx) {
    holdsHeap = true;
    allocateNext(ctx);
  }

  private void allocateNext(Context<XenMsg> ctx) {
    int node = memory.nextNode();
    step = steps.allocate();
    send(layout.node(node), memory.dirtyPass() ? new NumaNode.AllocateDirty(memory.needed(), node != pcpuNode, self)
        : new NumaNode.Allocate(memory.needed(), self), ctx);
  }

  protected void onAllocated(NumaNode.Allocated a, Context<XenMsg> ctx) {
    switch (memory.granted(a.node(), a.granted())) {
      case ask -> allocateNext(ctx);
      case short_of_memory -> fail("out of memory: " + memory.needed() + " pages short", ctx);
      case done -> cpu(WorkKind.hypervisor, cost.perGib(cost.heapLockPerGib(), memory.total()), steps.heapCpu(),
          ctx);
    }
  }

  /** The allocation's hypervisor work is done: heap_lock goes, the domain gets the pages, dirty ones are scrubbed. */
  protected void allocated(Context<XenMsg> ctx) {
    release(layout.heapLock(), ctx);
    holdsHeap = false;
    send(layout.hypervisor(), new Hypervisor.Populated(domid, memory.pages()), ctx);
    long scrubTime = memory.scrubTime(cost, pcpuNode);
    if (scrubTime > 0) {
      cpu(WorkKind.scrub, scrubTime, steps.allocationScrub(), ctx);
    } else {
      populate(ctx);
    }
  }

  /** This CPU scrubbed the dirty pages the allocation took. */
  protected void allocationScrubbed(Context<XenMsg> ctx) {
    memory.scrubbed();
    populate(ctx);
  }

  private void populate(Context<XenMsg> ctx) {
    cpu(WorkKind.memory, cost.perGib(cost.populatePerGib(), memory.total()), steps.populateCpu(), ctx);
  }

  /** A failed creation: heap_lock goes if held, and every node gets back what it granted, dirty pages as dirty. */
  protected void undoAllocation(Context<XenMsg> ctx) {
    if (holdsHeap) {
      release(layout.heapLock(), ctx);
      holdsHeap = false;
    }
    for (int n = 0; n < layout.nodes(); n++) {
      if (memory.clean(n) > 0) {
        send(layout.node(n), new NumaNode.Free(memory.clean(n)), ctx);
      }
      if (memory.dirty(n) > 0) {
        send(layout.node(n), new NumaNode.ReleaseDirty(memory.dirty(n)), ctx);
      }
    }
  }

  /** A failed creation: the domain's Xenstore entries are removed one by one, each from its shard. */
  protected void removeEntries(Context<XenMsg> ctx) {
    for (TxOp removal : DevicePaths.domainRemovals(domid)) {
      send(routing.of(removal.path(), domid), new XenstoreShard.Remove(removal.path(), self, 0), ctx);
    }
  }

  // Destruction: the killed domain's memory, scrubbed as the scrub placement says.

  /** The hypervisor killed the domain and handed back the pages it owned, per node (none: an empty array). */
  protected void reclaimed(long[] owned) {
    scrubbing = new DomainScrub(owned.length == 0 ? new long[layout.nodes()] : owned);
  }

  /**
   * Scrubs the killed domain's memory: locally by each node, or remotely by this worker under domctl_lock, which it
   * holds already if {@code holdsDomctl} (right after the kill) and takes first if not (after an xl crash). With
   * idle scrubbing nothing is scrubbed now: the pages go back marked dirty and the destroy goes on at once.
   */
  protected void scrub(boolean holdsDomctl, Context<XenMsg> ctx) {
    end(Phase.domain_kill, ctx);
    begin(Phase.scrub, ctx);
    switch (switches.scrub()) {
      case idle -> {
        if (holdsDomctl) {
          release(layout.domctlLock(), ctx);
        }
        for (int n = 0; n < scrubbing.nodes(); n++) {
          if (scrubbing.pages(n) > 0) {
            send(layout.node(n), new NumaNode.ReleaseDirty(scrubbing.pages(n)), ctx);
          }
        }
        scrubDone(ctx);
      }
      case local -> {
        if (holdsDomctl) {
          release(layout.domctlLock(), ctx);
        }
        scrubLocally(ctx);
      }
      case remote -> {
        if (holdsDomctl) {
          scrubBatch(ctx);
        } else {
          acquire(layout.domctlLock(), steps.scrubLock(), ctx);
        }
      }
    }
  }

  /** Local scrubbing: each node's own CPUs scrub its pages; this worker only waits for them. */
  private void scrubLocally(Context<XenMsg> ctx) {
    step = steps.scrubLocal();
    for (int n = 0; n < scrubbing.nodes(); n++) {
      if (scrubbing.pages(n) > 0) {
        scrubbing.expectNode();
        send(layout.node(n), new NumaNode.ScrubLocally(scrubbing.pages(n), self, domid), ctx);
      }
    }
    if (scrubbing.pending() == 0) {
      scrubDone(ctx);
    }
  }

  /** A node scrubbed its share locally. */
  protected void onNodeScrubbed(Context<XenMsg> ctx) {
    if (scrubbing.nodeScrubbed()) {
      scrubDone(ctx);
    }
  }

  /** Remote scrubbing (domctl_lock held): this worker's CPU scrubs the next batch synchronously, like Xen 4.8. */
  protected void scrubBatch(Context<XenMsg> ctx) {
    if (!scrubbing.nextBatch()) {
      release(layout.domctlLock(), ctx);
      scrubDone(ctx);
      return;
    }
    send(layout.node(scrubbing.node()), new NumaNode.Release(scrubbing.batch(cost)), ctx);
    scrubOnCpu(ctx);
  }

  /** Scrubs the current batch on this worker's CPU (again, after a killed xl left it half done). */
  protected void scrubOnCpu(Context<XenMsg> ctx) {
    cpu(WorkKind.scrub, cost.scrubTime(scrubbing.batch(cost), scrubbing.node() != pcpuNode), steps.scrubCpu(),
        ctx);
  }

  /** A batch is scrubbed: hand it back, then take the hypercall-continuation preemption point. */
  protected void batchScrubbed(Context<XenMsg> ctx) {
    long batch = scrubbing.batch(cost);
    send(layout.node(scrubbing.node()), new NumaNode.Scrubbed(batch, scrubbing.node() != pcpuNode), ctx);
    scrubbing.scrubbed(batch);
    release(layout.domctlLock(), ctx);
    acquire(layout.domctlLock(), steps.scrubLock(), ctx);
  }

  private void scrubDone(Context<XenMsg> ctx) {
    end(Phase.scrub, ctx);
    cleanup(ctx);
  }

  // Small helpers.

  protected void cpu(WorkKind kind, long duration, S next, Context<XenMsg> ctx) {
    step = next;
    send(pcpu, new Pcpu.Run(kind, duration, self, new Worker.Resume(++tag)), ctx);
  }

  protected void acquire(LpRef<XenMsg> lock, S next, Context<XenMsg> ctx) {
    step = next;
    send(lock, new Lock.Acquire(self, new Worker.Resume(++tag)), ctx);
  }

  /** Waits in step {@code next} for {@code delay}. */
  protected void sleep(long delay, S next, Context<XenMsg> ctx) {
    step = next;
    ctx.schedule(delay, new Worker.Resume(++tag));
  }

  protected void release(LpRef<XenMsg> lock, Context<XenMsg> ctx) {
    send(lock, new Lock.Release(self), ctx);
  }

  protected void send(LpRef<XenMsg> to, XenMsg message, Context<XenMsg> ctx) {
    ctx.send(to, latency, message);
  }

  protected void begin(Phase phase, Context<XenMsg> ctx) {
    phaseStart[phase.ordinal()] = ctx.now();
  }

  protected void end(Phase phase, Context<XenMsg> ctx) {
    phaseEnd[phase.ordinal()] = ctx.now();
  }

  /** Whether {@code phase} has begun in this operation. */
  protected boolean began(Phase phase) {
    return phaseStart[phase.ordinal()] >= 0;
  }

  /**
   * Final state: idle or not, locks held, every operation finished; xl crashes that found it idle and busy and the
   * leftovers the next xl run cleaned up; the transactions over several Xenstore shards committed and aborted.
   */
  protected Worker.Report report(boolean idle, boolean holdsLocks, int crashesIdle, int crashesBusy,
      int cleanedUp) {
    return new Worker.Report(index, idle, holdsLocks, history(), crashesIdle, crashesBusy, cleanedUp,
        crossShardCommits, crossShardAborts);
  }

  public int index() {
    return index;
  }

  /** Every operation this worker finished, in order. */
  public List<OperationResult> history() {
    return List.copyOf(history);
  }
}
