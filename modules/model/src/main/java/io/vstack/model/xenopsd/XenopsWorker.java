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
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationWorker;
import io.vstack.model.toolstack.Phase;
import io.vstack.model.toolstack.SharedStep;
import io.vstack.model.toolstack.Worker;
import java.util.List;

/**
 * One thread of xenopsd's worker pool (Xenops_server.WorkerPool): takes a VM operation from the per-VM queues (the
 * pool's {@link Worker.Start}, answered with {@link Worker.OperationDone} like an xl process) and runs its
 * {@link Atomic}s one after another. There is no global toolstack lock: only Xen's own locks (domctl_lock around
 * domctls, heap_lock while allocating) order concurrent operations. XAPI's work for the operation comes first, on
 * the worker's dom0 vCPU; VM_build waits in wait_xen_free_mem for memory still being scrubbed and places the guest on
 * a NUMA node before allocating. What each atomic does with the hypervisor, the nodes and Xenstore it does as xl
 * does (see {@link OperationWorker}).
 */
public final class XenopsWorker extends OperationWorker {

  /** Where the worker waits outside the conversations it shares with xl. */
  enum Step {
    xapi, lookup_cpu, lookup, physinfo_cpu, physinfo, free_mem_sleep
  }

  private List<Atomic> atomics;
  private int atomic;
  private long[] nodeFree;
  private long[] nodeDirty;
  private int answers;
  private int polls;

  public XenopsWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    super(index, layout, scenario, self);
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  protected void onOwnMessage(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Hypervisor.DomainFound f) {
      if (f.tag() == tag) {
        onLookup(f.domid(), ctx);
      }
    } else if (message instanceof NumaNode.NodeMemory m) {
      if (m.tag() == tag) {
        onNodeMemory(m, ctx);
      }
    } else {
      throw new IllegalArgumentException("xenopsd worker " + index + " cannot handle " + message);
    }
  }

  // An operation: XAPI's share, then its atomics in order.

  @Override
  protected void begin(Operation operation, Context<XenMsg> ctx) {
    open(operation, ctx);
    atomics = Atomic.of(operation);
    atomic = -1;
    if (creating()) {
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
      case vm_destroy -> kill(ctx);
      case vm_build -> {
        begin(Phase.memory_wait, ctx);
        polls = 0;
        cpu(WorkKind.hypervisor, cost.physinfo(), Step.physinfo_cpu, ctx);
      }
      case vbd_plug, vif_plug -> {
        if (!began(Phase.devices)) {
          begin(Phase.devices, ctx);
        }
        plug(a.device(), ctx);
      }
      case vbd_unplug, vif_unplug -> {
        if (!began(Phase.device_teardown)) {
          begin(Phase.device_teardown, ctx);
        }
        unplug(a.device(), ctx);
      }
      case vm_unpause -> startUnpause(ctx);
    }
  }

  private boolean creating() {
    return op.kind() == Operation.Kind.create;
  }

  /** A CPU work item or poll sleep of one of xenopsd's own steps is over. */
  @Override
  protected void resume(Context<XenMsg> ctx) {
    switch ((Step) step) {
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
      default -> throw new IllegalStateException("xenopsd worker " + index + " resumed in step " + step);
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
      createDomain(ctx);
    } else if (found < 0) {
      fail("VM " + op.name() + " has no domain", ctx);
    } else {
      domid = found;
      shard = layout.shardOfDomain(domid);
      send(layout.domain(op.guest()), new Domain.Destroying(), ctx);
      nextAtomic(ctx);
    }
  }

  // VM_create: the paused domain, then its Xenstore entries in one transaction (retried on EAGAIN), introduced.

  @Override
  protected void created(Context<XenMsg> ctx) {
    writeEntries(ctx);
  }

  @Override
  protected void introduced(Context<XenMsg> ctx) {
    end(Phase.xenstore_setup, ctx);
    nextAtomic(ctx);
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

  @Override
  protected void populated(Context<XenMsg> ctx) {
    build(ctx);
  }

  @Override
  protected void built(Context<XenMsg> ctx) {
    nextAtomic(ctx);
  }

  // VBD_plug / VIF_plug and VBD_unplug / VIF_unplug, each one device; the phase ends with the last.

  @Override
  protected void deviceDone(boolean plugged, Context<XenMsg> ctx) {
    if (atomics.get(atomic + 1).device() < 0) {
      end(plugged ? Phase.devices : Phase.device_teardown, ctx);
    }
    nextAtomic(ctx);
  }

  // VM_unpause.

  @Override
  protected void unpaused(Context<XenMsg> ctx) {
    nextAtomic(ctx);
  }

  // VM_destroy: domctl, memory released per scrub placement, Xenstore entries removed.

  @Override
  protected void scrubbed(Context<XenMsg> ctx) {
    removeEntriesInTransaction(ctx);
  }

  @Override
  protected void destroyed(Context<XenMsg> ctx) {
    nextAtomic(ctx);
  }

  // Failure: xenopsd's VM.start undoes a half-built VM (VM_shutdown's cleanup); the task reports the error.

  @Override
  protected void fail(String reason, Context<XenMsg> ctx) {
    if (creating()) {
      memory.undo(port(ctx));
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
    step = SharedStep.idle;
    answer(ok, failure, null, ctx);
    op = null;
    atomics = null;
  }

  /** Final state, in the toolstack workers' report: idle or not, heap_lock held, every operation finished. */
  @Override
  public Worker.Report report() {
    return report(step == SharedStep.idle, memory.holdsHeap(), 0, 0, 0);
  }
}
