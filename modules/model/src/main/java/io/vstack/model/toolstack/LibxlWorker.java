package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard.XsReply;

/**
 * What one xl run does through libxl: one {@code xl create} or {@code xl destroy} at a time, phase after phase (see
 * {@link Phase}); what it shares with xenopsd's workers is in {@link OperationWorker}, what becomes of a killed xl
 * process in {@link ToolstackWorker}. In serialized mode (and in xl-4.14 mode while auto-ballooning, which also
 * shrinks dom0 first, see {@link Ballooning}) the whole build holds the global xl lock. Names are checked in
 * Xenstore, its cache or the hypervisor (see {@link NameLookup}). With noxs the domain gets no Xenstore entries:
 * names are looked up in the hypervisor and each device is set up by the backend directly and recorded in the guest's
 * device page.
 *
 * <p>With a shell pool (LightVM's split toolstack) a worker may also run a {@code prepare}: the first half of a
 * creation without a request (domain, Xenstore entries, memory, devices; no name check, no kernel, no introduction,
 * left paused), which the pool keeps as a {@link Shell}. A creation handed a shell runs only the second half: parse,
 * name check, kernel load and build, rename and introduction in Xenstore (not with noxs), unpause.
 */
abstract class LibxlWorker extends OperationWorker {

  private final Ballooning balloon;
  private final NameLookup names;
  /** Whether this run holds the global xl lock. */
  protected boolean holdsXl;
  /** The device being set up or torn down, by number. */
  private int deviceNumber;

  LibxlWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    super(index, layout, scenario, self);
    this.balloon = new Ballooning(layout, cost, self);
    this.names = new NameLookup(layout, cost, switches, self);
  }

  /** Whether this run cleans up after a killed xl process instead of running an operation of its own. */
  protected abstract boolean cleaningUp();

  /** The cleanup after a killed xl process is over. */
  protected abstract void cleanedUp(Context<XenMsg> ctx);

  @Override
  protected void onOwnMessage(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Hypervisor.DomainFound f) {
      if (f.tag() == tag) {
        onLookupAnswer(f.domid() < 0 ? null : Integer.toString(f.domid()), ctx);
      }
    } else if (message instanceof Hypervisor.MemoryFreed m) {
      if (m.tag() == tag) {
        onMemoryFreed(m, ctx);
      }
    } else if (message instanceof DeviceBackend.NoxsDone d) {
      if (d.tag() == tag) {
        onNoxsDone(ctx);
      }
    } else {
      throw new IllegalArgumentException("worker " + index + " cannot handle " + message);
    }
  }

  /** Takes {@code operation} on: a prepare starts with the domain, anything else with parsing the request. */
  @Override
  protected void begin(Operation operation, Context<XenMsg> ctx) {
    open(operation, ctx);
    if (op.kind() == Operation.Kind.prepare) {
      afterLookups(ctx);
      return;
    }
    if (op.shell() != null) {
      domid = op.shell().domid();
      memory.reset(op.shell().pages().clone());
      shard = layout.shardOfDomain(domid);
      xenstoreWritten = !switches.noxs();
    }
    begin(Phase.parse, ctx);
    boolean create = op.kind() == Operation.Kind.create;
    if (create) {
      send(layout.domain(op.guest()), new Domain.Creating(), ctx);
    }
    cpu(WorkKind.toolstack, create ? cost.parseConfig() : cost.destroyBase(), XlStep.parse, ctx);
  }

  /** A CPU work item, lock grant or sleep of one of xl's own steps is over. */
  @Override
  protected void resume(Context<XenMsg> ctx) {
    switch ((XlStep) step) {
      case parse -> {
        end(Phase.parse, ctx);
        if (op.kind() == Operation.Kind.destroy) {
          startLookups(1, ctx);
        } else if (switches.takesXlLock()) {
          begin(Phase.xl_lock, ctx);
          acquire(layout.xlLock(), XlStep.xl_lock, ctx);
        } else {
          startLookups(cost.nameLookupsPerCreate(), ctx);
        }
      }
      case xl_lock -> {
        holdsXl = true;
        end(Phase.xl_lock, ctx);
        if (switches.balloons()) {
          begin(Phase.balloon, ctx);
          balloon.start(cost.pagesFor(op.type().memoryMib()), port(ctx));
        } else {
          startLookups(cost.nameLookupsPerCreate(), ctx);
        }
      }
      case balloon_cpu -> balloon.shrunk(port(ctx));
      case balloon_poll -> {
        end(Phase.balloon, ctx);
        startLookups(cost.nameLookupsPerCreate(), ctx);
      }
      case noxs_lookup_cpu -> names.askHypervisor(port(ctx));
      case noxs_devctl, noxs_teardown_devctl -> {
        boolean plugged = step == XlStep.noxs_devctl;
        send(layout.hypervisor(), plugged ? new Hypervisor.AddDevice(domid) : new Hypervisor.RemoveDevice(domid), ctx);
        deviceDone(plugged, ctx);
      }
      default -> throw new IllegalStateException("worker " + index + " resumed in step " + step);
    }
  }

  @Override
  protected void onReply(XsReply r, Context<XenMsg> ctx) {
    if (step == XlStep.name_lookup) {
      onLookupAnswer(r.value(), ctx);
    } else if (step == XlStep.balloon_target) {
      balloon.targetWritten(port(ctx));
    } else {
      super.onReply(r, ctx);
    }
  }

  private void onMemoryFreed(Hypervisor.MemoryFreed m, Context<XenMsg> ctx) {
    switch (balloon.freed(m, port(ctx))) {
      case impossible -> fail("failed to free memory for the domain", ctx);
      case enough -> {
        end(Phase.balloon, ctx);
        startLookups(cost.nameLookupsPerCreate(), ctx);
      }
      case shrink -> { }
    }
  }

  private void startLookups(int count, Context<XenMsg> ctx) {
    begin(Phase.name_check, ctx);
    names.start(op.name(), op.kind() == Operation.Kind.create, count);
    nextLookup(ctx);
  }

  private void nextLookup(Context<XenMsg> ctx) {
    if (!names.next(port(ctx))) {
      end(Phase.name_check, ctx);
      afterLookups(ctx);
    }
  }

  /** One answer to the current lookup: the domid found, or null. */
  private void onLookupAnswer(String found, Context<XenMsg> ctx) {
    if (found != null && op.kind() != Operation.Kind.create) {
      domid = Integer.parseInt(found);
    }
    switch (names.answer(found != null)) {
      case waiting -> { }
      case taken -> fail("a domain named " + op.name() + " already exists", ctx);
      case unknown -> fail("no domain named " + op.name(), ctx);
      case next -> nextLookup(ctx);
    }
  }

  private void afterLookups(Context<XenMsg> ctx) {
    if (op.shell() != null) {
      send(layout.hypervisor(), new Hypervisor.AdoptShell(domid, op.name()), ctx);
      build(ctx);
    } else if (op.kind() != Operation.Kind.destroy) {
      createDomain(ctx);
    } else {
      shard = layout.shardOfDomain(domid);
      send(layout.domain(op.guest()), new Domain.Destroying(), ctx);
      startDevices(ctx);
    }
  }

  // Creation: domain, Xenstore entries, memory, build, devices, unpause.

  @Override
  protected void created(Context<XenMsg> ctx) {
    if (switches.noxs()) {
      startPopulate(ctx);
    } else {
      writeEntries(ctx);
    }
  }

  /**
   * chaos's h2_xen_domain_precreate writes the shell's Xenstore entries but leaves its introduction to xenstored
   * for the execute phase (h2_xen_xs_domain_intro in h2_xen_domain_fastboot); the cache learns the shell's name so
   * that it keeps agreeing with Xenstore.
   */
  @Override
  protected void entriesWritten(Context<XenMsg> ctx) {
    if (op.kind() != Operation.Kind.prepare) {
      introduce(ctx);
      return;
    }
    tellCache(new XenstoreCache.Insert(op.name(), domid), ctx);
    end(Phase.xenstore_setup, ctx);
    startPopulate(ctx);
  }

  @Override
  protected void committedOwn(Context<XenMsg> ctx) {
    if (step == XlStep.rename_tx_commit) {
      introduce(ctx);
    } else {
      super.committedOwn(ctx);
    }
  }

  @Override
  protected void introduced(Context<XenMsg> ctx) {
    if (op.shell() != null) {
      tellCache(new XenstoreCache.Remove(op.shell().name()), ctx);
    }
    tellCache(new XenstoreCache.Insert(op.name(), domid), ctx);
    end(Phase.xenstore_setup, ctx);
    if (op.shell() == null) {
      startPopulate(ctx);
    } else {
      startUnpause(ctx);
    }
  }

  @Override
  protected void populated(Context<XenMsg> ctx) {
    if (op.kind() == Operation.Kind.prepare) {
      startDevices(ctx);
    } else {
      build(ctx);
    }
  }

  /** Built: a full creation's devices next; a shell's rename and introduction (none with noxs), then unpause. */
  @Override
  protected void built(Context<XenMsg> ctx) {
    if (op.shell() == null) {
      startDevices(ctx);
    } else if (switches.noxs()) {
      startUnpause(ctx);
    } else {
      begin(Phase.xenstore_setup, ctx);
      startTransaction(XlStep.rename_tx_start, DevicePaths.rename(domid, op.name()), ctx);
    }
  }

  // Devices, set up one after another in a creation and torn down in a destroy: through Xenstore (see
  // DeviceHandshake), or with noxs by asking the backend directly and recording each in the guest's device page.

  private void startDevices(Context<XenMsg> ctx) {
    begin(plugging() ? Phase.devices : Phase.device_teardown, ctx);
    deviceNumber = 0;
    nextDevice(ctx);
  }

  private boolean plugging() {
    return op.kind() != Operation.Kind.destroy;
  }

  private void nextDevice(Context<XenMsg> ctx) {
    if (deviceNumber < op.type().devices()) {
      if (switches.noxs()) {
        step = plugging() ? XlStep.noxs_device : XlStep.noxs_teardown;
        String device = DevicePaths.backendDir(domid, deviceNumber, op.type());
        send(layout.backend(), plugging() ? new DeviceBackend.NoxsCreate(device, self, ++tag)
            : new DeviceBackend.NoxsDestroy(device, self, ++tag), ctx);
      } else if (plugging()) {
        plug(deviceNumber, ctx);
      } else {
        unplug(deviceNumber, ctx);
      }
    } else if (!plugging()) {
      end(Phase.device_teardown, ctx);
      kill(ctx);
    } else {
      end(Phase.devices, ctx);
      if (op.kind() == Operation.Kind.prepare) {
        finish(true, "", ctx);
      } else {
        startUnpause(ctx);
      }
    }
  }

  @Override
  protected void deviceDone(boolean plugged, Context<XenMsg> ctx) {
    deviceNumber++;
    nextDevice(ctx);
  }

  /** The backend set up or tore down the current device: record it in (or take it out of) the device page. */
  private void onNoxsDone(Context<XenMsg> ctx) {
    if (step != XlStep.noxs_device && step != XlStep.noxs_teardown) {
      throw new IllegalStateException("worker " + index + " got a noxs reply in step " + step);
    }
    XlStep devctl = step == XlStep.noxs_device ? XlStep.noxs_devctl : XlStep.noxs_teardown_devctl;
    cpu(WorkKind.hypervisor, cost.noxsDevctl(), devctl, ctx);
  }

  @Override
  protected void startUnpause(Context<XenMsg> ctx) {
    releaseXlLock(ctx);
    super.startUnpause(ctx);
  }

  private void releaseXlLock(Context<XenMsg> ctx) {
    if (holdsXl) {
      release(layout.xlLock(), ctx);
      holdsXl = false;
    }
  }

  /** Keeps the toolstack's Xenstore cache, if it has one, agreeing with Xenstore. */
  private void tellCache(XenstoreCache.Command change, Context<XenMsg> ctx) {
    if (switches.cache()) {
      send(layout.cache(), change, ctx);
    }
  }

  @Override
  protected void unpaused(Context<XenMsg> ctx) {
    finish(true, "", ctx);
  }

  // Destruction: device teardown, domain kill, scrubbing, Xenstore cleanup.

  /** The memory is scrubbed: the Xenstore entries go (with noxs there are none, but a crash may leave devices). */
  @Override
  protected void scrubbed(Context<XenMsg> ctx) {
    if (switches.noxs()) {
      if (cleaningUp()) {
        send(layout.backend(), new DeviceBackend.NoxsDestroyAll(domid), ctx);
      }
      releaseDomain(ctx);
      return;
    }
    tellCache(new XenstoreCache.Remove(op.name()), ctx);
    removeEntriesInTransaction(ctx);
  }

  @Override
  protected void destroyed(Context<XenMsg> ctx) {
    finish(true, "", ctx);
  }

  // Failure: undo what the creation did, the way libxl's error paths do, and report.

  @Override
  protected void fail(String reason, Context<XenMsg> ctx) {
    if (op.kind() != Operation.Kind.destroy) {
      memory.undo(port(ctx));
      if (xenstoreWritten) {
        tellCache(new XenstoreCache.Remove(op.name()), ctx);
        if (op.shell() != null) {
          tellCache(new XenstoreCache.Remove(op.shell().name()), ctx);
        }
        removeEntries(ctx);
      }
      if (domid > 0 && switches.noxs()) {
        send(layout.backend(), new DeviceBackend.NoxsDestroyAll(domid), ctx);
      }
      if (domid > 0) {
        send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
      }
      releaseXlLock(ctx);
      if (op.kind() == Operation.Kind.create) {
        send(layout.domain(op.guest()), new Domain.Failed(reason), ctx);
      }
    }
    finish(false, reason, ctx);
  }

  /** The operation is over: the driver gets its result (a prepare's with the shell), or a cleanup ends. */
  protected void finish(boolean ok, String failure, Context<XenMsg> ctx) {
    step = SharedStep.idle;
    transactions.abandon();
    if (cleaningUp()) {
      cleanedUp(ctx);
      return;
    }
    answer(ok, failure, ok && op.kind() == Operation.Kind.prepare
        ? new Shell(op.name(), domid, op.type(), memory.pages().clone()) : null, ctx);
    op = null;
  }
}
