package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.List;

/**
 * One xl process: runs one {@code xl create} or {@code xl destroy} at a time through libxl's phases (see
 * {@link Phase}); what it shares with xenopsd's workers is in {@link OperationWorker}. In serialized mode (and in
 * xl-4.14 mode while auto-ballooning, which also shrinks dom0 first, see {@link Ballooning}) the whole build holds
 * the global xl lock. Names are checked in Xenstore, its cache or the hypervisor (see {@link NameCheck}). With noxs
 * the domain gets no Xenstore entries: names are looked up in the hypervisor and each device is set up by the backend
 * directly and recorded in the guest's device page.
 *
 * <p>With a shell pool (LightVM's split toolstack) a worker may also run a {@code prepare}: the first half of a
 * creation without a request (domain, Xenstore entries, memory, devices; no name check, no kernel, no introduction,
 * left paused), which the pool keeps as a {@link Shell}. A creation handed a shell runs only the second half: parse,
 * name check, kernel load and build, rename and introduction in Xenstore (not with noxs), unpause.
 *
 * <p>Its xl process may be killed (a model fault, see {@link XlRestart}); the next xl run cleans up after it.
 */
public final class ToolstackWorker extends OperationWorker {

  public sealed interface Command extends XenMsg permits Crash, Recover {
  }

  /** Fault: this worker's xl process is killed; the next xl run on it cleans up {@code restart} later. */
  public record Crash(long restart) implements Command {
  }

  /** Internal: the next xl run after a crash may start cleaning up. */
  record Recover() implements Command {
  }

  /** Where the state machine waits outside the conversations shared with xenopsd. */
  enum Step {
    parse, xl_lock, name_lookup, balloon_query, balloon_target, balloon_cpu, balloon_poll, noxs_lookup_cpu,
    noxs_device, noxs_devctl, noxs_teardown, noxs_teardown_devctl, rename_tx_start, rename_tx_apply,
    rename_tx_commit
  }

  private final List<long[]> crashes;
  private final Ballooning balloon = new Ballooning();
  private final XlRestart restart = new XlRestart();
  private boolean holdsXl;
  private NameCheck names;
  /** The device being set up or torn down, by number. */
  private int deviceNumber;

  public ToolstackWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    this(index, layout, scenario, self, List.of());
  }

  /** A worker whose xl process is killed at each {@code (time, restart delay)} of {@code crashes} (model faults). */
  public ToolstackWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self, List<long[]> crashes) {
    super(index, layout, scenario, self);
    this.crashes = crashes;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    crashes.forEach(c -> ctx.schedule(c[0], new Crash(c[1])));
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Crash c) {
      crash(c.restart(), ctx);
    } else if (restart.dead()) {
      whileDead(message, ctx);
    } else if (message instanceof Worker.Start s && restart.recovering()) {
      restart.queue(s.operation());
    } else {
      super.handle(message, ctx);
    }
  }

  @Override
  protected void onOwnMessage(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.Start s) {
      begin(s.operation(), ctx);
    } else if (message instanceof Hypervisor.DomainFound f) {
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

  private void begin(Operation operation, Context<XenMsg> ctx) {
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
    cpu(WorkKind.toolstack, create ? cost.parseConfig() : cost.destroyBase(), Step.parse, ctx);
  }

  /** A CPU work item, lock grant or sleep of one of xl's own steps is over. */
  @Override
  protected void resume(Context<XenMsg> ctx) {
    switch ((Step) step) {
      case parse -> {
        end(Phase.parse, ctx);
        if (op.kind() == Operation.Kind.destroy) {
          startLookups(1, ctx);
        } else if (switches.takesXlLock()) {
          begin(Phase.xl_lock, ctx);
          acquire(layout.xlLock(), Step.xl_lock, ctx);
        } else {
          startLookups(cost.nameLookupsPerCreate(), ctx);
        }
      }
      case xl_lock -> {
        holdsXl = true;
        end(Phase.xl_lock, ctx);
        if (switches.balloons()) {
          freemem(ctx);
        } else {
          startLookups(cost.nameLookupsPerCreate(), ctx);
        }
      }
      case balloon_cpu -> sleep(balloon.untilNoticed(cost, ctx.now()), Step.balloon_poll, ctx);
      case balloon_poll -> {
        end(Phase.balloon, ctx);
        startLookups(cost.nameLookupsPerCreate(), ctx);
      }
      case noxs_lookup_cpu -> {
        step = Step.name_lookup;
        send(layout.hypervisor(), new Hypervisor.FindDomain(op.name(), self, ++tag), ctx);
      }
      case noxs_devctl -> {
        send(layout.hypervisor(), new Hypervisor.AddDevice(domid), ctx);
        deviceNumber++;
        nextDevice(ctx);
      }
      case noxs_teardown_devctl -> {
        send(layout.hypervisor(), new Hypervisor.RemoveDevice(domid), ctx);
        deviceNumber++;
        nextTeardown(ctx);
      }
      default -> throw new IllegalStateException("worker " + index + " resumed in step " + step);
    }
  }

  @Override
  protected void onReply(XsReply r, Context<XenMsg> ctx) {
    if (step == Step.name_lookup) {
      onLookupAnswer(r.value(), ctx);
    } else if (step == Step.balloon_target) {
      long pages = balloon.targetWritten(ctx.now());
      stream(layout.node(0), WorkKind.memory, pages, Freemem.balloonTime(cost, pages), Step.balloon_cpu, ctx);
    } else {
      super.onReply(r, ctx);
    }
  }

  // xl's freemem() while auto-ballooning: ask Xen for free memory; if short, lower dom0's target and wait for it.

  private void freemem(Context<XenMsg> ctx) {
    begin(Phase.balloon, ctx);
    step = Step.balloon_query;
    send(layout.hypervisor(), new Hypervisor.FreeMemory(cost.pagesFor(op.type().memoryMib()), self, ++tag), ctx);
  }

  private void onMemoryFreed(Hypervisor.MemoryFreed m, Context<XenMsg> ctx) {
    switch (balloon.freed(m)) {
      case impossible -> fail("failed to free memory for the domain", ctx);
      case enough -> {
        end(Phase.balloon, ctx);
        startLookups(cost.nameLookupsPerCreate(), ctx);
      }
      case shrink -> {
        step = Step.balloon_target;
        send(layout.shardOfDomain(0), Ballooning.target(m.dom0Pages(), cost, self, ++tag), ctx);
      }
    }
  }

  // Name lookups: libxl_name_to_domid through Xenstore (one request per shard), the cache, or with noxs the
  // hypervisor's domain handles.

  private void startLookups(int count, Context<XenMsg> ctx) {
    begin(Phase.name_check, ctx);
    names = new NameCheck(op.kind() == Operation.Kind.create, count);
    nextLookup(ctx);
  }

  private void nextLookup(Context<XenMsg> ctx) {
    int answers = switches.noxs() || switches.cache() ? 1 : layout.shards();
    if (!names.another(answers)) {
      end(Phase.name_check, ctx);
      afterLookups(ctx);
    } else if (switches.noxs()) {
      cpu(WorkKind.hypervisor, cost.noxsLookup(), Step.noxs_lookup_cpu, ctx);
    } else {
      step = Step.name_lookup;
      tag++;
      if (switches.cache()) {
        send(layout.cache(), new XenstoreCache.Lookup(op.name(), self, tag), ctx);
      } else {
        for (int s = 0; s < layout.shards(); s++) {
          send(layout.shard(s), new XenstoreShard.FindName(op.name(), self, tag), ctx);
        }
      }
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
      begin(Phase.device_teardown, ctx);
      deviceNumber = 0;
      nextTeardown(ctx);
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
    if (switches.cache()) {
      send(layout.cache(), new XenstoreCache.Insert(op.name(), domid), ctx);
    }
    end(Phase.xenstore_setup, ctx);
    startPopulate(ctx);
  }

  @Override
  protected void committedOwn(Context<XenMsg> ctx) {
    if (step == Step.rename_tx_commit) {
      introduce(ctx);
    } else {
      super.committedOwn(ctx);
    }
  }

  @Override
  protected void introduced(Context<XenMsg> ctx) {
    if (switches.cache()) {
      if (op.shell() != null) {
        send(layout.cache(), new XenstoreCache.Remove(op.shell().name()), ctx);
      }
      send(layout.cache(), new XenstoreCache.Insert(op.name(), domid), ctx);
    }
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
      startTransaction(Step.rename_tx_start, DevicePaths.rename(domid, op.name()), ctx);
    }
  }

  private void startDevices(Context<XenMsg> ctx) {
    begin(Phase.devices, ctx);
    deviceNumber = 0;
    nextDevice(ctx);
  }

  private void nextDevice(Context<XenMsg> ctx) {
    if (deviceNumber == op.type().devices()) {
      end(Phase.devices, ctx);
      if (op.kind() == Operation.Kind.prepare) {
        finish(true, "", ctx);
      } else {
        startUnpause(ctx);
      }
    } else if (switches.noxs()) {
      step = Step.noxs_device;
      send(layout.backend(), new DeviceBackend.NoxsCreate(DevicePaths.backendDir(domid, deviceNumber, op.type()),
          self, ++tag), ctx);
    } else {
      plug(deviceNumber, ctx);
    }
  }

  @Override
  protected void deviceDone(boolean plugged, Context<XenMsg> ctx) {
    deviceNumber++;
    if (plugged) {
      nextDevice(ctx);
    } else {
      nextTeardown(ctx);
    }
  }

  /** The backend set up or tore down the current device: record it in (or take it out of) the device page. */
  private void onNoxsDone(Context<XenMsg> ctx) {
    if (step == Step.noxs_device) {
      cpu(WorkKind.hypervisor, cost.noxsDevctl(), Step.noxs_devctl, ctx);
    } else if (step == Step.noxs_teardown) {
      cpu(WorkKind.hypervisor, cost.noxsDevctl(), Step.noxs_teardown_devctl, ctx);
    } else {
      throw new IllegalStateException("worker " + index + " got a noxs reply in step " + step);
    }
  }

  @Override
  protected void startUnpause(Context<XenMsg> ctx) {
    if (holdsXl) {
      release(layout.xlLock(), ctx);
      holdsXl = false;
    }
    super.startUnpause(ctx);
  }

  @Override
  protected void unpaused(Context<XenMsg> ctx) {
    finish(true, "", ctx);
  }

  // Destruction: device teardown, domain kill, scrubbing, Xenstore cleanup.

  private void nextTeardown(Context<XenMsg> ctx) {
    if (deviceNumber == op.type().devices()) {
      end(Phase.device_teardown, ctx);
      kill(ctx);
    } else if (switches.noxs()) {
      step = Step.noxs_teardown;
      send(layout.backend(), new DeviceBackend.NoxsDestroy(DevicePaths.backendDir(domid, deviceNumber, op.type()),
          self, ++tag), ctx);
    } else {
      unplug(deviceNumber, ctx);
    }
  }

  /** The memory is scrubbed: the Xenstore entries go (with noxs there are none, but a crash may leave devices). */
  @Override
  protected void scrubbed(Context<XenMsg> ctx) {
    if (switches.noxs()) {
      if (restart.recovering()) {
        send(layout.backend(), new DeviceBackend.NoxsDestroyAll(domid), ctx);
      }
      releaseDomain(ctx);
      return;
    }
    if (switches.cache()) {
      send(layout.cache(), new XenstoreCache.Remove(op.name()), ctx);
    }
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
        if (switches.cache()) {
          send(layout.cache(), new XenstoreCache.Remove(op.name()), ctx);
          if (op.shell() != null) {
            send(layout.cache(), new XenstoreCache.Remove(op.shell().name()), ctx);
          }
        }
        removeEntries(ctx);
      }
      if (domid > 0 && switches.noxs()) {
        send(layout.backend(), new DeviceBackend.NoxsDestroyAll(domid), ctx);
      }
      if (domid > 0) {
        send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
      }
      if (holdsXl) {
        release(layout.xlLock(), ctx);
        holdsXl = false;
      }
      if (op.kind() == Operation.Kind.create) {
        send(layout.domain(op.guest()), new Domain.Failed(reason), ctx);
      }
    }
    finish(false, reason, ctx);
  }

  private void finish(boolean ok, String failure, Context<XenMsg> ctx) {
    step = SharedStep.idle;
    transactions.abandon();
    if (restart.recovering()) {
      recovered(ctx);
      return;
    }
    answer(ok, failure, ok && op.kind() == Operation.Kind.prepare
        ? new Shell(op.name(), domid, op.type(), memory.pages().clone()) : null, ctx);
    op = null;
  }

  // A killed xl process (model fault). What it held in the kernel goes at once: its file lock (the xl global lock)
  // and its Xenstore connection (xenstored ends the connection's transactions and drops its watches). A hypercall it
  // was in finishes (Xen completes it and drops domctl_lock/heap_lock); its result is kept for the cleanup. The
  // caller sees the command fail. The domain it was creating or destroying stays as it was: a half-built domain
  // with its memory and Xenstore entries, or a half-destroyed one. The next xl run on this worker, `restart` later
  // (assumption: an orchestrator retrying), cleans that up: libxl's error path for a creation, the rest of the
  // destruction for a destroy. Nothing leaks, but the operation is lost and the cleanup costs time.

  private void crash(long delay, Context<XenMsg> ctx) {
    if (step == SharedStep.idle && !restart.recovering()) {
      restart.crashedIdle();
      return;
    }
    if (restart.dead()) {
      return;
    }
    if (!restart.recovering()) {
      answer(false, "xl was killed (toolstack worker crash) in step " + step, null, ctx);
    }
    boolean oneInFlight = step == SharedStep.domctl_table || step == SharedStep.kill_table
        || step == SharedStep.allocate || step == Step.noxs_device || step == Step.noxs_teardown;
    restart.killed(oneInFlight ? 1 : step == SharedStep.scrub_local ? scrubbing.pending() : 0);
    holdsXl = false;
    memory.heapDropped();
    transactions.abandon();
    for (LpRef<XenMsg> lock : List.of(layout.xlLock(), layout.domctlLock(), layout.heapLock())) {
      send(lock, new Lock.Withdraw(self), ctx);
    }
    for (int s = 0; s < layout.shards(); s++) {
      send(layout.shard(s), new XenstoreShard.Disconnect(self), ctx);
    }
    tag++;
    ctx.schedule(delay, new Recover());
  }

  /** The dead process's in-flight requests complete; their results are what the cleanup works from. */
  private void whileDead(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Recover) {
      restart.restartDue();
    } else if (message instanceof Worker.Start s) {
      restart.queue(s.operation());
    } else if (message instanceof Hypervisor.DomainCreated c) {
      domid = c.domid();
      shard = layout.shardOfDomain(domid);
      restart.answered();
    } else if (message instanceof Hypervisor.Killed k) {
      reclaimed(k.pages());
      restart.answered();
    } else if (message instanceof NumaNode.Allocated a) {
      memory.took(a.node(), a.granted());
      restart.answered();
    } else if (message instanceof NumaNode.NodeScrubbed) {
      scrubbing.nodeScrubbed();
      restart.answered();
    } else if (message instanceof Hypervisor.DomainRejected || message instanceof DeviceBackend.NoxsDone) {
      restart.answered();
    }
    if (restart.restarts()) {
      cleanUp(ctx);
    }
  }

  /** The next xl run: cleans up what the killed one left, then takes the next operation. */
  private void cleanUp(Context<XenMsg> ctx) {
    Enum<?> was = step;
    tag++;
    if (op.kind() != Operation.Kind.destroy) {
      restart.cleaning(domid > 0);
      if (domid > 0) {
        xenstoreWritten = !switches.noxs();
      }
      fail("xl was killed (toolstack worker crash)", ctx);
      return;
    }
    boolean leftover = domid != 0 && was != Step.name_lookup;
    restart.cleaning(leftover);
    if (!leftover) {
      finish(false, "", ctx);
    } else if (!killed) {
      end(Phase.device_teardown, ctx);
      kill(ctx);
    } else if (was == SharedStep.kill_table) {
      scrub(false, ctx);
    } else if (was == SharedStep.scrub_cpu) {
      acquire(layout.domctlLock(), SharedStep.scrub_redo, ctx);
    } else if (was == SharedStep.scrub_lock) {
      acquire(layout.domctlLock(), SharedStep.scrub_lock, ctx);
    } else {
      scrubbed(ctx);
    }
  }

  /** The cleanup is done: the worker is an ordinary idle xl worker again. */
  private void recovered(Context<XenMsg> ctx) {
    op = null;
    Operation next = restart.recovered();
    if (next != null) {
      begin(next, ctx);
    }
  }

  @Override
  public Worker.Report report() {
    return report(idle(), holdsLocks(), restart.crashesIdle(), restart.crashesBusy(), restart.cleanedUp());
  }

  public boolean idle() {
    return step == SharedStep.idle && !restart.dead() && !restart.recovering();
  }

  public boolean holdsLocks() {
    return holdsXl || memory.holdsHeap();
  }
}
