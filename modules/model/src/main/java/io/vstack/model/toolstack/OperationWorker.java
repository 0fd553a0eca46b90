package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import io.vstack.model.xenstore.XenstoreShard;

/**
 * What an xl process and a xenopsd worker thread have in common, since both drive the same hypervisor, NUMA nodes and
 * Xenstore, each running as a {@link WorkerCore}: the conversations both hold, in the same {@link SharedStep}s: the
 * domain created under domctl_lock, its Xenstore entries written in a transaction (see {@link ShardedTransaction}) and
 * introduced, its memory populated (see {@link GuestMemory}), the kernel built (read by pygrub first for a PV guest
 * that boots through it) and an HVM guest's qemu device model spawned, each device set up and torn down through its
 * state node (see {@link DeviceHandshake}), the domain unpaused and booted, its device model stopped and the domain
 * killed, its memory scrubbed (see {@link Scrubbing}) and its entries removed; undoing a failed creation; and the
 * operation's result for the driver. Each worker says what comes after each conversation, and waits in steps of its own
 * for the rest, so that its state stays plain data and its crash handling can tell where it was.
 */
public abstract class OperationWorker extends WorkerCore {
  protected final GuestMemory memory;
  protected final Scrubbing scrubbing;
  /** The shard of the domain's own entries, once it has a domid. */
  protected LpRef<XenMsg> shard;
  /** The node the guest's memory comes from first, and its vCPU 0's. */
  protected int home;
  protected boolean xenstoreWritten;
  /** Whether the hypervisor killed the domain being destroyed. */
  protected boolean killed;
  /** The device being set up or torn down. */
  protected DeviceHandshake device;
  /** Whether the HVM guest's qemu may have written its Xenstore directory, which a failed creation removes. */
  private boolean deviceModel;
  /** The tag of the latest read of a device's state (negative: apart from the steps' tags), and reads so far. */
  private long readTag;
  private long reads;

  protected OperationWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    super(index, layout, scenario, self);
    this.memory = new GuestMemory(layout, cost, pcpuNode, self);
    this.scrubbing = new Scrubbing(layout, cost, switches.scrub(), pcpuNode, self);
  }

  /** The CPU work, lock grant or sleep of one of the worker's own steps is over. */
  protected abstract void resume(Context<XenMsg> ctx);

  /** A message no shared conversation handles. */
  protected abstract void onOwnMessage(XenMsg message, Context<XenMsg> ctx);

  /** The domain exists, paused, with domid {@link #domid}; domctl_lock is released. */
  protected abstract void created(Context<XenMsg> ctx);

  /** The domain's Xenstore entries are introduced to xenstored. */
  protected abstract void introduced(Context<XenMsg> ctx);

  /** The guest's memory is populated. */
  protected abstract void populated(Context<XenMsg> ctx);

  /** The kernel is loaded and the domain built. */
  protected abstract void built(Context<XenMsg> ctx);

  /** The current device is connected ({@code plugged}) or gone (not {@code plugged}). */
  protected abstract void deviceDone(boolean plugged, Context<XenMsg> ctx);

  /** The guest is unpaused and booting. */
  protected abstract void unpaused(Context<XenMsg> ctx);

  /** The killed domain's memory is scrubbed, or handed back to be scrubbed: its Xenstore entries go next. */
  protected abstract void scrubbed(Context<XenMsg> ctx);

  /** The destroyed domain is released and gone. */
  protected abstract void destroyed(Context<XenMsg> ctx);

  @Override
  protected void onMessage(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof XsReply r) {
      onXenstore(r, ctx);
    } else if (message instanceof XenstoreShard.WatchEvent w) {
      if (device != null && device.watchedIn(step) && w.path().equals(device.statePath())) {
        readTag = -(++reads);
        send(device.shard(), new XenstoreShard.Read(w.path(), self, readTag), ctx);
      }
    } else if (message instanceof Hypervisor.DomainCreated c) {
      domid = c.domid();
      release(layout.domctlLock(), ctx);
      end(Phase.domctl_create, ctx);
      created(ctx);
    } else if (message instanceof Hypervisor.DomainRejected r) {
      release(layout.domctlLock(), ctx);
      fail(r.reason(), ctx);
    } else if (message instanceof Hypervisor.Killed k) {
      reclaimed(k.pages());
      scrub(true, ctx);
    } else if (message instanceof NumaNode.Allocated a) {
      if (!memory.granted(a, port(ctx))) {
        fail("out of memory: " + memory.needed() + " pages short", ctx);
      }
    } else if (message instanceof NumaNode.NodeScrubbed) {
      if (scrubbing.nodeScrubbed()) {
        scrubDone(ctx);
      }
    } else {
      onOwnMessage(message, ctx);
    }
  }

  /** Takes {@code operation} on: no phase run yet, no retry, no domain, no memory, nothing written. */
  @Override
  protected void open(Operation operation, Context<XenMsg> ctx) {
    super.open(operation, ctx);
    memory.reset(null);
    shard = null;
    xenstoreWritten = false;
    killed = false;
    deviceModel = false;
    home = DevicePaths.homeNode(op.guest(), layout.nodes());
  }

  @Override
  protected void resumeStep(Context<XenMsg> ctx) {
    if (!(step instanceof SharedStep shared)) {
      resume(ctx);
      return;
    }
    switch (shared) {
      case domctl_lock -> cpu(WorkKind.hypervisor, cost.createDomain(), SharedStep.domctl_cpu, ctx);
      case domctl_cpu -> {
        step = SharedStep.domctl_table;
        send(layout.hypervisor(), new Hypervisor.CreateDomain(op.name(), self, op.kind() == Operation.Kind.prepare),
            ctx);
      }
      case heap_lock -> memory.heapLocked(port(ctx));
      case heap_cpu -> memory.allocated(domid, port(ctx));
      case allocation_scrub -> memory.scrubbed(port(ctx));
      case populate_cpu -> {
        end(Phase.populate, ctx);
        populated(ctx);
      }
      case bootloader -> {
        end(Phase.bootloader, ctx);
        buildKernel(ctx);
      }
      case build -> {
        end(Phase.build, ctx);
        if (op.type().hvm()) {
          begin(Phase.device_model, ctx);
          cpu(WorkKind.device_model, cost.dom0().deviceModelSpawn(), SharedStep.dm_spawn, ctx);
        } else {
          built(ctx);
        }
      }
      case dm_spawn -> {
        step = SharedStep.dm_running;
        deviceModel = true;
        String state = DevicePaths.deviceModelDir(domid) + "/state";
        send(routing.of(state, domid), new XenstoreShard.Write(state, "running", self, ++tag), ctx);
      }
      case dm_stop -> {
        step = SharedStep.dm_removed;
        String dir = DevicePaths.deviceModelDir(domid);
        send(routing.of(dir, domid), new XenstoreShard.Remove(dir, self, ++tag), ctx);
      }
      case unpause_lock -> cpu(WorkKind.hypervisor, cost.unpause(), SharedStep.unpause_cpu, ctx);
      case unpause_cpu -> {
        send(layout.hypervisor(), new Hypervisor.UnpauseDomain(domid), ctx);
        release(layout.domctlLock(), ctx);
        int vcpu0 = scenario.host().guestPcpu(home, op.guest() / layout.nodes());
        send(layout.domain(op.guest()), new Domain.Boot(domid, layout.pcpu(vcpu0), layout.driver()), ctx);
        end(Phase.unpause, ctx);
        unpaused(ctx);
      }
      case kill_lock -> cpu(WorkKind.hypervisor, cost.destroyDomain(), SharedStep.kill_cpu, ctx);
      case kill_cpu -> {
        step = SharedStep.kill_table;
        send(layout.hypervisor(), new Hypervisor.KillDomain(domid, self), ctx);
      }
      case scrub_lock -> {
        if (scrubbing.nextBatch(port(ctx))) {
          scrubDone(ctx);
        }
      }
      case scrub_redo -> scrubbing.walkBatch(port(ctx));
      case scrub_cpu -> scrubbing.batchWalked(port(ctx));
      default -> throw new IllegalStateException("worker " + index + " resumed in step " + step);
    }
  }

  private void onXenstore(XsReply r, Context<XenMsg> ctx) {
    if (transactionReply(r, ctx)) {
      return;
    }
    if (r.tag() < 0) {
      if (r.tag() == readTag && device.settled(step, r.value())) {
        send(device.shard(), device.unwatch(self), ctx);
        deviceDone(step == SharedStep.device_wait, ctx);
      }
      return;
    }
    if (r.tag() != tag) {
      return;
    }
    if (!(step instanceof SharedStep shared)) {
      onReply(r, ctx);
      return;
    }
    switch (shared) {
      case introduce -> introduced(ctx);
      case device_watch -> startTransaction(SharedStep.device_tx_start, device.entries(), ctx);
      case teardown_watch -> {
        step = SharedStep.teardown_write;
        send(device.shard(), device.closing(self, ++tag), ctx);
      }
      case teardown_write -> step = SharedStep.teardown_wait;
      case dm_running -> {
        end(Phase.device_model, ctx);
        built(ctx);
      }
      case dm_removed -> {
        deviceModel = false;
        end(Phase.device_model_stop, ctx);
        killDomain(ctx);
      }
      default -> throw new IllegalStateException("worker " + index + " got a Xenstore reply in step " + step);
    }
  }

  /** A Xenstore reply in one of the worker's own steps. */
  protected void onReply(XsReply r, Context<XenMsg> ctx) {
    throw new IllegalStateException("worker " + index + " got a Xenstore reply in step " + step);
  }

  @Override
  protected void committed(Context<XenMsg> ctx) {
    if (!(step instanceof SharedStep shared)) {
      committedOwn(ctx);
      return;
    }
    switch (shared) {
      case tx_commit -> {
        xenstoreWritten = true;
        entriesWritten(ctx);
      }
      case device_tx_commit -> {
        device.committed();
        step = SharedStep.device_wait;
      }
      case cleanup_tx_commit -> {
        end(Phase.xenstore_cleanup, ctx);
        releaseDomain(ctx);
      }
      default -> throw new IllegalStateException("commit in step " + step);
    }
  }

  /** A transaction of one of the worker's own steps committed. */
  protected void committedOwn(Context<XenMsg> ctx) {
    throw new IllegalStateException("commit in step " + step);
  }

  // Creation: domctl, Xenstore entries and introduction, memory, build, devices, unpause; undone on failure.

  protected void createDomain(Context<XenMsg> ctx) {
    begin(Phase.domctl_create, ctx);
    acquire(layout.domctlLock(), SharedStep.domctl_lock, ctx);
  }

  /** Writes the new domain's Xenstore entries in one transaction. */
  protected void writeEntries(Context<XenMsg> ctx) {
    begin(Phase.xenstore_setup, ctx);
    shard = layout.shardOfDomain(domid);
    startTransaction(SharedStep.tx_start, DevicePaths.domainEntries(domid, op.name(), op.type()), ctx);
  }

  /** The entries are written: the domain is introduced to xenstored next. */
  protected void entriesWritten(Context<XenMsg> ctx) {
    introduce(ctx);
  }

  protected void introduce(Context<XenMsg> ctx) {
    step = SharedStep.introduce;
    send(shard, new XenstoreShard.Introduce(domid, self, ++tag), ctx);
  }

  /** Starts the populate phase: takes heap_lock to allocate the guest's memory from {@link #home} on. */
  protected void startPopulate(Context<XenMsg> ctx) {
    begin(Phase.populate, ctx);
    memory.start(home, cost.pagesFor(op.type().memoryMib()), switches.scrub() == Switches.ScrubPlacement.idle,
        port(ctx));
  }

  /**
   * Builds the domain: pygrub first for a PV guest that boots through it, then the kernel; an HVM guest's device
   * model is spawned once it is built.
   */
  protected void build(Context<XenMsg> ctx) {
    if (op.type().bootloader() == GuestType.Bootloader.pygrub) {
      begin(Phase.bootloader, ctx);
      cpu(WorkKind.toolstack, cost.dom0().pygrub(), SharedStep.bootloader, ctx);
    } else {
      buildKernel(ctx);
    }
  }

  private void buildKernel(Context<XenMsg> ctx) {
    begin(Phase.build, ctx);
    cpu(WorkKind.toolstack, cost.buildBase() + cost.perGib(cost.buildPerGib(), memory.total()), SharedStep.build,
        ctx);
  }

  /** Sets up device {@code number} through Xenstore: watch its state, write it, wait for its backend. */
  protected void plug(int number, Context<XenMsg> ctx) {
    device = new DeviceHandshake(domid, number, op.type(), routing.ofBackends(domid));
    step = SharedStep.device_watch;
    send(device.shard(), device.watch(self, ++tag), ctx);
  }

  /** Tears device {@code number} down through Xenstore: watch its state, set it closing, wait for it to go. */
  protected void unplug(int number, Context<XenMsg> ctx) {
    device = new DeviceHandshake(domid, number, op.type(), routing.ofBackends(domid));
    step = SharedStep.teardown_watch;
    send(device.shard(), device.watch(self, ++tag), ctx);
  }

  protected void startUnpause(Context<XenMsg> ctx) {
    begin(Phase.unpause, ctx);
    acquire(layout.domctlLock(), SharedStep.unpause_lock, ctx);
  }

  /** A failed creation: the domain's Xenstore entries are removed one by one, each from its shard. */
  protected void removeEntries(Context<XenMsg> ctx) {
    for (TxOp removal : DevicePaths.domainRemovals(domid)) {
      send(routing.of(removal.path(), domid), new XenstoreShard.Remove(removal.path(), self, 0), ctx);
    }
    if (deviceModel) {
      String dir = DevicePaths.deviceModelDir(domid);
      send(routing.of(dir, domid), new XenstoreShard.Remove(dir, self, 0), ctx);
    }
  }

  // Destruction: domctl, the memory scrubbed as the scrub placement says, the Xenstore entries removed.

  /** Destroys the domain: an HVM guest's device model is stopped first, then the domain killed. */
  protected void kill(Context<XenMsg> ctx) {
    if (op.type().hvm()) {
      begin(Phase.device_model_stop, ctx);
      cpu(WorkKind.device_model, cost.dom0().deviceModelStop(), SharedStep.dm_stop, ctx);
    } else {
      killDomain(ctx);
    }
  }

  private void killDomain(Context<XenMsg> ctx) {
    begin(Phase.domain_kill, ctx);
    acquire(layout.domctlLock(), SharedStep.kill_lock, ctx);
  }

  /** The hypervisor killed the domain and handed back the pages it owned, per node (none: an empty array). */
  protected void reclaimed(long[] owned) {
    killed = true;
    scrubbing.reclaimed(domid, owned);
  }

  /** Scrubs the killed domain's memory; domctl_lock is held already if {@code holdsDomctl}. */
  protected void scrub(boolean holdsDomctl, Context<XenMsg> ctx) {
    end(Phase.domain_kill, ctx);
    begin(Phase.scrub, ctx);
    if (scrubbing.start(holdsDomctl, port(ctx))) {
      scrubDone(ctx);
    }
  }

  private void scrubDone(Context<XenMsg> ctx) {
    end(Phase.scrub, ctx);
    scrubbed(ctx);
  }

  /** Removes the destroyed domain's entries in one transaction. */
  protected void removeEntriesInTransaction(Context<XenMsg> ctx) {
    begin(Phase.xenstore_cleanup, ctx);
    startTransaction(SharedStep.cleanup_tx_start, DevicePaths.domainRemovals(domid), ctx);
  }

  /** The hypervisor releases the destroyed domain. */
  protected void releaseDomain(Context<XenMsg> ctx) {
    send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
    send(layout.domain(op.guest()), new Domain.Gone(), ctx);
    destroyed(ctx);
  }

}
