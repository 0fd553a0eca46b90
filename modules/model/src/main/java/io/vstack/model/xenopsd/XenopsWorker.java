package io.vstack.model.xenopsd;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.toolstack.DevicePaths;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import io.vstack.model.toolstack.ToolstackWorker;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.model.xenstore.XenstoreShard.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread of xenopsd's worker pool (Xenops_server.WorkerPool): takes a VM operation from the per-VM queues (the
 * pool's {@link ToolstackWorker.Start}, answered with {@link ToolstackWorker.OperationDone} like an xl process) and
 * runs its {@link Atomic}s one after another. There is no global toolstack lock: only Xen's own locks (domctl_lock
 * around domctls, heap_lock while allocating) order concurrent operations. XAPI's work for the operation comes first,
 * on the worker's dom0 vCPU; VM_build waits in wait_xen_free_mem for memory still being scrubbed and places the
 * guest on a NUMA node before allocating. Its own CPU work runs on the dom0 vCPU it is pinned to.
 */
public final class XenopsWorker implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits Resume {
  }

  /** Internal: the CPU work, lock grant or poll sleep identified by {@code tag} is over. */
  record Resume(long tag) implements Command {
  }

  /** Where the worker waits. Each transaction's start, apply and commit steps are consecutive. */
  enum Step {
    idle, xapi, lookup_cpu, lookup, domctl_lock, domctl_cpu, domctl_table, tx_start, tx_apply, tx_commit, introduce,
    physinfo_cpu, physinfo, free_mem_sleep, heap_lock, allocate, heap_cpu, allocation_scrub, populate_cpu, build,
    device_watch, device_tx_start, device_tx_apply, device_tx_commit, device_wait, unpause_lock, unpause_cpu,
    teardown_watch, teardown_write, teardown_wait, kill_lock, kill_cpu, kill_table, scrub_lock, scrub_cpu,
    scrub_local, cleanup_tx_start, cleanup_tx_apply, cleanup_tx_commit
  }

  private final int index;
  private final Layout layout;
  private final Scenario scenario;
  private final CostModel cost;
  private final Switches switches;
  private final LpRef<XenMsg> self;
  private final LpRef<XenMsg> pcpu;
  private final int pcpuNode;
  private final long latency;

  private Step step = Step.idle;
  private long tag;
  private Operation op;
  private List<Atomic> atomics;
  private int atomic;
  private long startedAt;
  private long[] phaseStart;
  private long[] phaseEnd;
  private int retries;
  private int totalRetries;
  private int domid;
  private LpRef<XenMsg> shard;
  private boolean xenstoreWritten;
  private boolean holdsHeap;
  private long[] nodeFree;
  private long[] nodeDirty;
  private int answers;
  private int polls;
  private int home;
  private long[] pages;
  private long[] dirtyTaken;
  private long pagesNeeded;
  private int nodesTried;
  private boolean dirtyPass;
  private long readTag;
  private long reads;
  private boolean deviceCommitted;
  private int scrubNode;
  private long scrubLeft;
  private int scrubPending;
  private final List<OperationResult> history = new ArrayList<>();

  public XenopsWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
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
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof ToolstackWorker.Start s) {
      begin(s.operation(), ctx);
    } else if (message instanceof Resume r) {
      if (r.tag() == tag) {
        resume(ctx);
      }
    } else if (message instanceof XsReply r) {
      onXenstore(r, ctx);
    } else if (message instanceof XenstoreShard.WatchEvent w) {
      onWatch(w, ctx);
    } else if (message instanceof Hypervisor.DomainFound f) {
      if (f.tag() == tag) {
        onLookup(f.domid(), ctx);
      }
    } else if (message instanceof Hypervisor.DomainCreated c) {
      onDomainCreated(c.domid(), ctx);
    } else if (message instanceof Hypervisor.DomainRejected r) {
      release(layout.domctlLock(), ctx);
      fail(r.reason(), ctx);
    } else if (message instanceof NumaNode.NodeMemory m) {
      if (m.tag() == tag) {
        onNodeMemory(m, ctx);
      }
    } else if (message instanceof NumaNode.Allocated a) {
      onAllocated(a, ctx);
    } else if (message instanceof Hypervisor.Killed k) {
      onKilled(k.pages(), ctx);
    } else if (message instanceof NumaNode.NodeScrubbed) {
      if (--scrubPending == 0) {
        end(Phase.scrub, ctx);
        cleanup(ctx);
      }
    } else {
      throw new IllegalArgumentException("xenopsd worker " + index + " cannot handle " + message);
    }
  }

  // An operation: XAPI's share, then its atomics in order.

  private void begin(Operation operation, Context<XenMsg> ctx) {
    if (step != Step.idle) {
      throw new IllegalStateException("xenopsd worker " + index + " got " + operation + " while busy with " + op);
    }
    op = operation;
    atomics = Atomic.of(operation);
    atomic = -1;
    startedAt = ctx.now();
    phaseStart = new long[Phase.values().length];
    phaseEnd = new long[Phase.values().length];
    Arrays.fill(phaseStart, -1);
    Arrays.fill(phaseEnd, -1);
    retries = 0;
    totalRetries = 0;
    domid = 0;
    shard = null;
    xenstoreWritten = false;
    pages = new long[layout.nodes()];
    dirtyTaken = new long[layout.nodes()];
    home = DevicePaths.homeNode(op.guest(), layout.nodes());
    if (op.kind() == Operation.Kind.create) {
      send(layout.domain(op.guest()), new Domain.Creating(), ctx);
    }
    begin(Phase.parse, ctx);
    cpu(WorkKind.toolstack, cost.xapiPerOperation(), Step.xapi, ctx);
  }

  /** The next atomic of the operation, or the operation's end. */
  private void nextAtomic(Context<XenMsg> ctx) {
    atomic++;
    if (atomic == atomics.size()) {
      finish(true, "", ctx);
      return;
    }
    Atomic a = atomics.get(atomic);
    switch (a.kind()) {
      case vm_create -> lookup(ctx);
      case vm_destroy -> {
        begin(Phase.domain_kill, ctx);
        acquire(layout.domctlLock(), Step.kill_lock, ctx);
      }
      case vm_build -> {
        begin(Phase.memory_wait, ctx);
        polls = 0;
        cpu(WorkKind.hypervisor, cost.physinfo(), Step.physinfo_cpu, ctx);
      }
      case vbd_plug, vif_plug -> plug(a.device(), ctx);
      case vbd_unplug, vif_unplug -> unplug(a.device(), ctx);
      case vm_unpause -> {
        begin(Phase.unpause, ctx);
        acquire(layout.domctlLock(), Step.unpause_lock, ctx);
      }
    }
  }

  private boolean creating() {
    return op.kind() == Operation.Kind.create;
  }

  private int device() {
    return atomics.get(atomic).device();
  }

  /** A CPU work item, lock grant or poll sleep of the current step is over. */
  private void resume(Context<XenMsg> ctx) {
    switch (step) {
      case xapi -> {
        end(Phase.parse, ctx);
        if (creating()) {
          nextAtomic(ctx);
        } else {
          lookup(ctx);
        }
      }
      case lookup_cpu -> {
        step = Step.lookup;
        send(layout.hypervisor(), new Hypervisor.FindDomain(op.name(), self, ++tag), ctx);
      }
      case domctl_lock -> cpu(WorkKind.hypervisor, cost.createDomain(), Step.domctl_cpu, ctx);
      case domctl_cpu -> {
        step = Step.domctl_table;
        send(layout.hypervisor(), new Hypervisor.CreateDomain(op.name(), self), ctx);
      }
      case physinfo_cpu -> {
        step = Step.physinfo;
        answers = layout.nodes();
        nodeFree = new long[layout.nodes()];
        nodeDirty = new long[layout.nodes()];
        tag++;
        for (int n = 0; n < layout.nodes(); n++) {
          send(layout.node(n), new NumaNode.Meminfo(self, tag), ctx);
        }
      }
      case free_mem_sleep -> cpu(WorkKind.hypervisor, cost.physinfo(), Step.physinfo_cpu, ctx);
      case heap_lock -> {
        holdsHeap = true;
        allocateNext(ctx);
      }
      case heap_cpu -> {
        release(layout.heapLock(), ctx);
        holdsHeap = false;
        send(layout.hypervisor(), new Hypervisor.Populated(domid, pages), ctx);
        long scrub = allocationScrubTime();
        if (scrub > 0) {
          cpu(WorkKind.scrub, scrub, Step.allocation_scrub, ctx);
        } else {
          populate(ctx);
        }
      }
      case allocation_scrub -> {
        Arrays.fill(dirtyTaken, 0);
        populate(ctx);
      }
      case populate_cpu -> {
        end(Phase.populate, ctx);
        begin(Phase.build, ctx);
        cpu(WorkKind.toolstack, cost.buildBase() + cost.perGib(cost.buildPerGib(), totalPages()), Step.build, ctx);
      }
      case build -> {
        end(Phase.build, ctx);
        nextAtomic(ctx);
      }
      case unpause_lock -> cpu(WorkKind.hypervisor, cost.unpause(), Step.unpause_cpu, ctx);
      case unpause_cpu -> unpaused(ctx);
      case kill_lock -> cpu(WorkKind.hypervisor, cost.destroyDomain(), Step.kill_cpu, ctx);
      case kill_cpu -> {
        step = Step.kill_table;
        send(layout.hypervisor(), new Hypervisor.KillDomain(domid, self), ctx);
      }
      case scrub_lock -> scrubBatch(ctx);
      case scrub_cpu -> scrubbed(ctx);
      default -> throw new IllegalStateException("xenopsd worker " + index + " resumed in step " + step);
    }
  }

  private void onXenstore(XsReply r, Context<XenMsg> ctx) {
    if (r.tag() < 0) {
      if (r.tag() == readTag) {
        onDeviceState(r.value(), ctx);
      }
      return;
    }
    if (r.tag() != tag) {
      return;
    }
    switch (step) {
      case tx_start, device_tx_start, cleanup_tx_start -> applyTransaction(r.tx(), ctx);
      case tx_apply, device_tx_apply, cleanup_tx_apply -> {
        step = next(step);
        send(shard, new XenstoreShard.TxCommit(r.tx(), self, ++tag), ctx);
      }
      case tx_commit, device_tx_commit, cleanup_tx_commit -> onCommit(r, ctx);
      case introduce -> {
        end(Phase.xenstore_setup, ctx);
        nextAtomic(ctx);
      }
      case device_watch -> {
        step = Step.device_tx_start;
        send(shard, new XenstoreShard.TxStart(self, ++tag), ctx);
      }
      case teardown_watch -> {
        step = Step.teardown_write;
        send(shard, new XenstoreShard.Write(DevicePaths.state(domid, device(), op.type()), "5", self, ++tag), ctx);
      }
      case teardown_write -> step = Step.teardown_wait;
      default -> throw new IllegalStateException("xenopsd worker " + index + " got a Xenstore reply in " + step);
    }
  }

  private static Step next(Step s) {
    return Step.values()[s.ordinal() + 1];
  }

  // VM_create, and a shutdown before its first atomic, find the VM's domain by uuid (di_of_uuid: one
  // domain_getinfolist hypercall; every atomic of a shutdown acts on the domain found).

  private void lookup(Context<XenMsg> ctx) {
    begin(Phase.name_check, ctx);
    cpu(WorkKind.hypervisor, cost.xenopsdLookup(), Step.lookup_cpu, ctx);
  }

  private void onLookup(int found, Context<XenMsg> ctx) {
    end(Phase.name_check, ctx);
    if (creating() && found >= 0) {
      fail("VM " + op.name() + " already has domain " + found, ctx);
    } else if (creating()) {
      begin(Phase.domctl_create, ctx);
      acquire(layout.domctlLock(), Step.domctl_lock, ctx);
    } else if (found < 0) {
      fail("VM " + op.name() + " has no domain", ctx);
    } else {
      domid = found;
      shard = layout.shardOfDomain(domid);
      send(layout.domain(op.guest()), new Domain.Destroying(), ctx);
      nextAtomic(ctx);
    }
  }

  // VM_create: the paused domain, then its Xenstore entries in one transaction (retried on EAGAIN).

  private void onDomainCreated(int newDomid, Context<XenMsg> ctx) {
    domid = newDomid;
    release(layout.domctlLock(), ctx);
    end(Phase.domctl_create, ctx);
    begin(Phase.xenstore_setup, ctx);
    shard = layout.shardOfDomain(domid);
    retries = 0;
    step = Step.tx_start;
    send(shard, new XenstoreShard.TxStart(self, ++tag), ctx);
  }

  private void applyTransaction(long tx, Context<XenMsg> ctx) {
    List<TxOp> ops = switch (step) {
      case tx_start -> DevicePaths.domainEntries(domid, op.name(), op.type());
      case device_tx_start -> DevicePaths.deviceEntries(domid, device(), op.type());
      case cleanup_tx_start -> DevicePaths.domainRemovals(domid);
      default -> throw new IllegalStateException("no transaction in step " + step);
    };
    step = next(step);
    send(shard, new XenstoreShard.TxApply(tx, ops, self, ++tag), ctx);
  }

  private void onCommit(XsReply r, Context<XenMsg> ctx) {
    if (r.status() == XenstoreShard.Status.eagain) {
      totalRetries++;
      if (++retries > cost.xsMaxRetries()) {
        fail("Xenstore transaction still conflicting after " + cost.xsMaxRetries() + " retries", ctx);
        return;
      }
      step = Step.values()[step.ordinal() - 2];
      send(shard, new XenstoreShard.TxStart(self, ++tag), ctx);
      return;
    }
    switch (step) {
      case tx_commit -> {
        xenstoreWritten = true;
        step = Step.introduce;
        send(shard, new XenstoreShard.Introduce(domid, self, ++tag), ctx);
      }
      case device_tx_commit -> {
        deviceCommitted = true;
        step = Step.device_wait;
      }
      case cleanup_tx_commit -> cleaned(ctx);
      default -> throw new IllegalStateException("commit in step " + step);
    }
  }

  // VM_build: build_pre's wait_xen_free_mem and NUMA placement, then the allocation and xenguest's build.

  private void onNodeMemory(NumaNode.NodeMemory m, Context<XenMsg> ctx) {
    nodeFree[m.node()] = m.free();
    nodeDirty[m.node()] = m.dirty();
    if (--answers > 0) {
      return;
    }
    long[] physinfo = FreeMemWait.physinfo(nodeFree, nodeDirty, switches.scrub());
    long needed = cost.pagesFor(op.type().memoryMib());
    switch (FreeMemWait.decide(physinfo[0], physinfo[1], needed, polls, cost)) {
      case build -> {
        end(Phase.memory_wait, ctx);
        place();
        startPopulate(ctx);
      }
      case wait -> {
        polls++;
        step = Step.free_mem_sleep;
        ctx.schedule(cost.freeMemPoll(), new Resume(++tag));
      }
      case no_memory -> fail("Not_enough_memory: " + needed + " pages needed, " + physinfo[0] + " free", ctx);
      case timed_out -> fail("Not_enough_memory: still " + physinfo[0] + " pages free of " + needed + " after "
          + polls + " polls", ctx);
    }
  }

  /** With best-effort placement, the home node is the one with most free memory that fits the guest. */
  private void place() {
    if (switches.numa() != Switches.NumaPlacement.best_effort) {
      return;
    }
    long[] available = new long[layout.nodes()];
    int[] pcpus = new int[layout.nodes()];
    for (int n = 0; n < layout.nodes(); n++) {
      available[n] = nodeFree[n] + (switches.scrub() == Switches.ScrubPlacement.idle ? nodeDirty[n] : 0);
      pcpus[n] = scenario.host().guestPcpusOn(n);
    }
    int chosen = NumaPlan.choose(available, pcpus, cost.pagesFor(op.type().memoryMib()), op.type().vcpus());
    if (chosen >= 0) {
      home = chosen;
    }
  }

  private void startPopulate(Context<XenMsg> ctx) {
    begin(Phase.populate, ctx);
    pagesNeeded = cost.pagesFor(op.type().memoryMib());
    nodesTried = 0;
    dirtyPass = false;
    acquire(layout.heapLock(), Step.heap_lock, ctx);
  }

  /** As alloc_heap_pages: the home node first, then the others; clean pages on every node before dirty ones. */
  private void allocateNext(Context<XenMsg> ctx) {
    int node = (home + nodesTried) % layout.nodes();
    nodesTried++;
    step = Step.allocate;
    send(layout.node(node), dirtyPass ? new NumaNode.AllocateDirty(pagesNeeded, node != pcpuNode, self)
        : new NumaNode.Allocate(pagesNeeded, self), ctx);
  }

  private void onAllocated(NumaNode.Allocated a, Context<XenMsg> ctx) {
    pages[a.node()] += a.granted();
    if (dirtyPass) {
      dirtyTaken[a.node()] += a.granted();
    }
    pagesNeeded -= a.granted();
    if (pagesNeeded > 0 && nodesTried < layout.nodes()) {
      allocateNext(ctx);
    } else if (pagesNeeded > 0 && switches.scrub() == Switches.ScrubPlacement.idle && !dirtyPass) {
      dirtyPass = true;
      nodesTried = 0;
      allocateNext(ctx);
    } else if (pagesNeeded > 0) {
      fail("out of memory: " + pagesNeeded + " pages short", ctx);
    } else {
      cpu(WorkKind.hypervisor, cost.perGib(cost.heapLockPerGib(), totalPages()), Step.heap_cpu, ctx);
    }
  }

  private long allocationScrubTime() {
    long time = 0;
    for (int n = 0; n < dirtyTaken.length; n++) {
      time += cost.scrubTime(dirtyTaken[n], n != pcpuNode);
    }
    return time;
  }

  private void populate(Context<XenMsg> ctx) {
    cpu(WorkKind.memory, cost.perGib(cost.populatePerGib(), totalPages()), Step.populate_cpu, ctx);
  }

  // VBD_plug / VIF_plug: frontend and backend written in one transaction, then wait for the backend to connect.

  private void plug(int device, Context<XenMsg> ctx) {
    if (phaseStart[Phase.devices.ordinal()] < 0) {
      begin(Phase.devices, ctx);
    }
    deviceCommitted = false;
    retries = 0;
    step = Step.device_watch;
    send(shard, new XenstoreShard.Watch(DevicePaths.state(domid, device, op.type()), "dev", self, ++tag), ctx);
  }

  private void onWatch(XenstoreShard.WatchEvent w, Context<XenMsg> ctx) {
    boolean waiting = step == Step.device_watch || step == Step.device_tx_start || step == Step.device_tx_apply
        || step == Step.device_tx_commit || step == Step.device_wait || step == Step.teardown_watch
        || step == Step.teardown_write || step == Step.teardown_wait;
    if (waiting && w.path().equals(DevicePaths.state(domid, device(), op.type()))) {
      readTag = -(++reads);
      send(shard, new XenstoreShard.Read(w.path(), self, readTag), ctx);
    }
  }

  private void onDeviceState(String value, Context<XenMsg> ctx) {
    String path = DevicePaths.state(domid, device(), op.type());
    boolean plugged = step == Step.device_wait && deviceCommitted && "4".equals(value);
    boolean unplugged = step == Step.teardown_wait && value == null;
    if (plugged || unplugged) {
      send(shard, new XenstoreShard.Unwatch(path, "dev", self, 0), ctx);
      if (atomics.get(atomic + 1).device() < 0) {
        end(plugged ? Phase.devices : Phase.device_teardown, ctx);
      }
      nextAtomic(ctx);
    }
  }

  // VM_unpause.

  private void unpaused(Context<XenMsg> ctx) {
    send(layout.hypervisor(), new Hypervisor.UnpauseDomain(domid), ctx);
    release(layout.domctlLock(), ctx);
    int vcpu0 = scenario.host().guestPcpu(home, op.guest() / layout.nodes());
    send(layout.domain(op.guest()), new Domain.Boot(domid, layout.pcpu(vcpu0), layout.driver()), ctx);
    end(Phase.unpause, ctx);
    nextAtomic(ctx);
  }

  // VBD_unplug / VIF_unplug: the device's state set to closing, then wait for the backend to remove it.

  private void unplug(int device, Context<XenMsg> ctx) {
    if (phaseStart[Phase.device_teardown.ordinal()] < 0) {
      begin(Phase.device_teardown, ctx);
    }
    step = Step.teardown_watch;
    send(shard, new XenstoreShard.Watch(DevicePaths.state(domid, device, op.type()), "dev", self, ++tag), ctx);
  }

  // VM_destroy: domctl, memory released per scrub placement, Xenstore entries removed.

  private void onKilled(long[] owned, Context<XenMsg> ctx) {
    pages = owned.length == 0 ? new long[layout.nodes()] : owned;
    end(Phase.domain_kill, ctx);
    begin(Phase.scrub, ctx);
    switch (switches.scrub()) {
      case idle -> {
        release(layout.domctlLock(), ctx);
        for (int n = 0; n < pages.length; n++) {
          if (pages[n] > 0) {
            send(layout.node(n), new NumaNode.ReleaseDirty(pages[n]), ctx);
          }
        }
        end(Phase.scrub, ctx);
        cleanup(ctx);
      }
      case local -> {
        release(layout.domctlLock(), ctx);
        step = Step.scrub_local;
        scrubPending = 0;
        for (int n = 0; n < pages.length; n++) {
          if (pages[n] > 0) {
            scrubPending++;
            send(layout.node(n), new NumaNode.ScrubLocally(pages[n], self, domid), ctx);
          }
        }
        if (scrubPending == 0) {
          end(Phase.scrub, ctx);
          cleanup(ctx);
        }
      }
      case remote -> {
        scrubNode = 0;
        scrubLeft = pages[0];
        scrubBatch(ctx);
      }
    }
  }

  /** Remote scrubbing: this worker's CPU scrubs each batch synchronously under domctl_lock, like Xen 4.8. */
  private void scrubBatch(Context<XenMsg> ctx) {
    while (scrubLeft == 0 && scrubNode + 1 < pages.length) {
      scrubLeft = pages[++scrubNode];
    }
    if (scrubLeft == 0) {
      release(layout.domctlLock(), ctx);
      end(Phase.scrub, ctx);
      cleanup(ctx);
      return;
    }
    long batch = Math.min(scrubLeft, cost.pagesFor(cost.scrubBatchMib()));
    send(layout.node(scrubNode), new NumaNode.Release(batch), ctx);
    cpu(WorkKind.scrub, cost.scrubTime(batch, scrubNode != pcpuNode), Step.scrub_cpu, ctx);
  }

  private void scrubbed(Context<XenMsg> ctx) {
    long batch = Math.min(scrubLeft, cost.pagesFor(cost.scrubBatchMib()));
    send(layout.node(scrubNode), new NumaNode.Scrubbed(batch, scrubNode != pcpuNode), ctx);
    scrubLeft -= batch;
    release(layout.domctlLock(), ctx);
    acquire(layout.domctlLock(), Step.scrub_lock, ctx);
  }

  private void cleanup(Context<XenMsg> ctx) {
    begin(Phase.xenstore_cleanup, ctx);
    retries = 0;
    step = Step.cleanup_tx_start;
    send(shard, new XenstoreShard.TxStart(self, ++tag), ctx);
  }

  private void cleaned(Context<XenMsg> ctx) {
    end(Phase.xenstore_cleanup, ctx);
    send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
    send(layout.domain(op.guest()), new Domain.Gone(), ctx);
    nextAtomic(ctx);
  }

  // Failure: xenopsd's VM.start undoes a half-built VM (VM_shutdown's cleanup); the task reports the error.

  private void fail(String reason, Context<XenMsg> ctx) {
    if (creating()) {
      if (holdsHeap) {
        release(layout.heapLock(), ctx);
        holdsHeap = false;
      }
      for (int n = 0; n < pages.length; n++) {
        if (pages[n] > dirtyTaken[n]) {
          send(layout.node(n), new NumaNode.Free(pages[n] - dirtyTaken[n]), ctx);
        }
        if (dirtyTaken[n] > 0) {
          send(layout.node(n), new NumaNode.ReleaseDirty(dirtyTaken[n]), ctx);
        }
      }
      if (xenstoreWritten) {
        for (TxOp removal : DevicePaths.domainRemovals(domid)) {
          send(shard, new XenstoreShard.Remove(removal.path(), self, 0), ctx);
        }
      }
      if (domid > 0) {
        send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
      }
      send(layout.domain(op.guest()), new Domain.Failed(reason), ctx);
    }
    finish(false, reason, ctx);
  }

  private void finish(boolean ok, String failure, Context<XenMsg> ctx) {
    step = Step.idle;
    OperationResult result = new OperationResult(op, index, domid, startedAt, ctx.now(), ok, failure,
        totalRetries, phaseStart, phaseEnd);
    history.add(result);
    send(layout.driver(), new ToolstackWorker.OperationDone(index, result, null), ctx);
    op = null;
    atomics = null;
  }

  // Small helpers.

  private void cpu(WorkKind kind, long duration, Step next, Context<XenMsg> ctx) {
    step = next;
    send(pcpu, new Pcpu.Run(kind, duration, self, new Resume(++tag)), ctx);
  }

  private void acquire(LpRef<XenMsg> lock, Step next, Context<XenMsg> ctx) {
    step = next;
    send(lock, new Lock.Acquire(self, new Resume(++tag)), ctx);
  }

  private void release(LpRef<XenMsg> lock, Context<XenMsg> ctx) {
    send(lock, new Lock.Release(self), ctx);
  }

  private void send(LpRef<XenMsg> to, XenMsg message, Context<XenMsg> ctx) {
    ctx.send(to, latency, message);
  }

  private void begin(Phase phase, Context<XenMsg> ctx) {
    phaseStart[phase.ordinal()] = ctx.now();
  }

  private void end(Phase phase, Context<XenMsg> ctx) {
    phaseEnd[phase.ordinal()] = ctx.now();
  }

  private long totalPages() {
    long total = 0;
    for (long p : pages) {
      total += p;
    }
    return total;
  }

  /** Final state, in the toolstack workers' report: idle or not, heap_lock held, every operation finished. */
  public ToolstackWorker.Report report() {
    return new ToolstackWorker.Report(index, step == Step.idle, holdsHeap, List.copyOf(history), 0, 0, 0, 0, 0);
  }
}
