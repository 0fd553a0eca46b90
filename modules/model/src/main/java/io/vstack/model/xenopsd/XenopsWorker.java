package io.vstack.model.xenopsd;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.toolstack.DevicePaths;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationWorker;
import io.vstack.model.toolstack.Phase;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.List;

/**
 * One thread of xenopsd's worker pool (Xenops_server.WorkerPool): takes a VM operation from the per-VM queues (the
 * pool's {@link Worker.Start}, answered with {@link Worker.OperationDone} like an xl process) and
 * runs its {@link Atomic}s one after another. There is no global toolstack lock: only Xen's own locks (domctl_lock
 * around domctls, heap_lock while allocating) order concurrent operations. XAPI's work for the operation comes first,
 * on the worker's dom0 vCPU; VM_build waits in wait_xen_free_mem for memory still being scrubbed and places the
 * guest on a NUMA node before allocating. Its own CPU work runs on the dom0 vCPU it is pinned to. Transactions,
 * allocation, scrubbing and undoing a failed creation run as for xl (see {@link OperationWorker}).
 */
public final class XenopsWorker extends OperationWorker<XenopsWorker.Step> {

  /** Where the worker waits. Each transaction's start, apply and commit steps are consecutive. */
  enum Step {
    idle, xapi, lookup_cpu, lookup, domctl_lock, domctl_cpu, domctl_table, tx_start, tx_apply, tx_commit, introduce,
    physinfo_cpu, physinfo, free_mem_sleep, heap_lock, allocate, heap_cpu, allocation_scrub, populate_cpu, build,
    device_watch, device_tx_start, device_tx_apply, device_tx_commit, device_wait, unpause_lock, unpause_cpu,
    teardown_watch, teardown_write, teardown_wait, kill_lock, kill_cpu, kill_table, scrub_lock, scrub_cpu,
    scrub_local, cleanup_tx_start, cleanup_tx_apply, cleanup_tx_commit
  }

  private static final SharedSteps<Step> SHARED = new SharedSteps<>(Step.heap_lock, Step.allocate, Step.heap_cpu,
      Step.allocation_scrub, Step.populate_cpu, Step.scrub_lock, Step.scrub_cpu, Step.scrub_local);

  private List<Atomic> atomics;
  private int atomic;
  private LpRef<XenMsg> shard;
  private boolean xenstoreWritten;
  private long[] nodeFree;
  private long[] nodeDirty;
  private int answers;
  private int polls;
  private int home;
  private boolean deviceCommitted;

  public XenopsWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    super(index, layout, scenario, self, Step.idle, SHARED);
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  protected void onMessage(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.Start s) {
      begin(s.operation(), ctx);
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
      onNodeScrubbed(ctx);
    } else {
      throw new IllegalArgumentException("xenopsd worker " + index + " cannot handle " + message);
    }
  }

  // An operation: XAPI's share, then its atomics in order.

  private void begin(Operation operation, Context<XenMsg> ctx) {
    if (step != Step.idle) {
      throw new IllegalStateException("xenopsd worker " + index + " got " + operation + " while busy with " + op);
    }
    open(operation, ctx);
    atomics = Atomic.of(operation);
    atomic = -1;
    shard = null;
    xenstoreWritten = false;
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
  @Override
  protected void resume(Context<XenMsg> ctx) {
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
      case heap_lock -> heapLocked(ctx);
      case heap_cpu -> allocated(ctx);
      case allocation_scrub -> allocationScrubbed(ctx);
      case populate_cpu -> {
        end(Phase.populate, ctx);
        begin(Phase.build, ctx);
        cpu(WorkKind.toolstack, cost.buildBase() + cost.perGib(cost.buildPerGib(), memory.total()), Step.build, ctx);
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
      case scrub_cpu -> batchScrubbed(ctx);
      default -> throw new IllegalStateException("xenopsd worker " + index + " resumed in step " + step);
    }
  }

  private void onXenstore(XsReply r, Context<XenMsg> ctx) {
    if (!forCurrentStep(r, ctx)) {
      return;
    }
    switch (step) {
      case introduce -> {
        end(Phase.xenstore_setup, ctx);
        nextAtomic(ctx);
      }
      case device_watch ->
          startTransaction(Step.device_tx_start, DevicePaths.deviceEntries(domid, device(), op.type()), ctx);
      case teardown_watch -> {
        step = Step.teardown_write;
        send(shard, new XenstoreShard.Write(DevicePaths.state(domid, device(), op.type()), "5", self, ++tag), ctx);
      }
      case teardown_write -> step = Step.teardown_wait;
      default -> throw new IllegalStateException("xenopsd worker " + index + " got a Xenstore reply in " + step);
    }
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
    startTransaction(Step.tx_start, DevicePaths.domainEntries(domid, op.name(), op.type()), ctx);
  }

  @Override
  protected void committed(Context<XenMsg> ctx) {
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
        startPopulate(home, ctx);
      }
      case wait -> {
        polls++;
        sleep(cost.freeMemPoll(), Step.free_mem_sleep, ctx);
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

  // VBD_plug / VIF_plug: frontend and backend written in one transaction, then wait for the backend to connect.

  private void plug(int device, Context<XenMsg> ctx) {
    if (!began(Phase.devices)) {
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
      readDeviceState(w.path(), shard, ctx);
    }
  }

  @Override
  protected void onDeviceState(String value, Context<XenMsg> ctx) {
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
    if (!began(Phase.device_teardown)) {
      begin(Phase.device_teardown, ctx);
    }
    step = Step.teardown_watch;
    send(shard, new XenstoreShard.Watch(DevicePaths.state(domid, device, op.type()), "dev", self, ++tag), ctx);
  }

  // VM_destroy: domctl, memory released per scrub placement, Xenstore entries removed.

  private void onKilled(long[] owned, Context<XenMsg> ctx) {
    reclaimed(owned);
    scrub(true, ctx);
  }

  @Override
  protected void cleanup(Context<XenMsg> ctx) {
    begin(Phase.xenstore_cleanup, ctx);
    retries = 0;
    startTransaction(Step.cleanup_tx_start, DevicePaths.domainRemovals(domid), ctx);
  }

  private void cleaned(Context<XenMsg> ctx) {
    end(Phase.xenstore_cleanup, ctx);
    send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
    send(layout.domain(op.guest()), new Domain.Gone(), ctx);
    nextAtomic(ctx);
  }

  // Failure: xenopsd's VM.start undoes a half-built VM (VM_shutdown's cleanup); the task reports the error.

  @Override
  protected void fail(String reason, Context<XenMsg> ctx) {
    if (creating()) {
      undoAllocation(ctx);
      if (xenstoreWritten) {
        removeEntries(ctx);
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
    answer(ok, failure, null, ctx);
    op = null;
    atomics = null;
  }

  /** Final state, in the toolstack workers' report: idle or not, heap_lock held, every operation finished. */
  public Worker.Report report() {
    return report(step == Step.idle, holdsHeap, 0, 0, 0);
  }
}
