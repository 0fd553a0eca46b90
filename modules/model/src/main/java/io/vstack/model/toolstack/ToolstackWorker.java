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
import io.vstack.model.xenstore.XenstoreShard.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.List;

/**
 * One xl process: runs one {@code xl create} or {@code xl destroy} at a time through libxl's phases (see
 * {@link Phase}). Its own CPU work runs on the dom0 vCPU it is pinned to; hypercalls take domctl_lock or heap_lock;
 * Xenstore work goes to the shard of each node (see {@link ShardRouting}), a transaction over several shards
 * committing in two phases (see {@link ShardedTransaction}); in serialized mode (and in xl-4.14 mode while auto-ballooning,
 * which also shrinks dom0 first) the whole build holds the global xl lock. With noxs the domain gets no Xenstore
 * entries: names are looked up in the hypervisor and each device is set up by the backend directly and recorded in
 * the guest's device page. The state machine is an explicit {@link Step} so that a worker's state is plain data.
 *
 * <p>With a shell pool (LightVM's split toolstack) a worker may also run a {@code prepare}: the first half of a
 * creation without a request (domain, Xenstore entries, memory, devices; no name check, no kernel, no introduction,
 * left paused), which the pool keeps as a {@link Shell}. A creation handed a shell runs only the second half: parse,
 * name check, kernel load and build, rename and introduction in Xenstore (not with noxs), unpause.
 *
 * <p>What it shares with xenopsd's worker threads (transactions, allocation, scrubbing, undoing a failed creation)
 * is in {@link OperationWorker}.
 */
public final class ToolstackWorker extends OperationWorker<ToolstackWorker.Step> {

  public sealed interface Command extends XenMsg permits Crash, Recover {
  }

  /** Fault: this worker's xl process is killed; the next xl run on it cleans up {@code restart} later. */
  public record Crash(long restart) implements Command {
  }

  /** Internal: the next xl run after a crash may start cleaning up. */
  record Recover() implements Command {
  }

  /** Where the state machine waits. Each transaction's start, apply and commit steps are consecutive. */
  enum Step {
    idle, parse, xl_lock, name_lookup, domctl_lock, domctl_cpu, domctl_table, tx_start, tx_apply, tx_commit,
    introduce, heap_lock, allocate, heap_cpu, populate_cpu, build, device_watch, device_tx_start, device_tx_apply,
    device_tx_commit, device_wait, teardown_watch, teardown_write, teardown_wait, unpause_lock, unpause_cpu,
    kill_lock, kill_cpu, kill_table, scrub_lock, scrub_cpu, scrub_local, cleanup_tx_start, cleanup_tx_apply,
    cleanup_tx_commit, scrub_redo, allocation_scrub, balloon_query, balloon_target, balloon_cpu, balloon_poll,
    noxs_lookup_cpu, noxs_device, noxs_devctl, noxs_teardown, noxs_teardown_devctl, rename_tx_start,
    rename_tx_apply, rename_tx_commit
  }

  private static final SharedSteps<Step> SHARED = new SharedSteps<>(Step.heap_lock, Step.allocate, Step.heap_cpu,
      Step.allocation_scrub, Step.populate_cpu, Step.scrub_lock, Step.scrub_cpu, Step.scrub_local);

  private LpRef<XenMsg> shard;
  private boolean holdsXl;
  private boolean xenstoreWritten;
  private int lookupsLeft;
  private int lookupAnswers;
  private boolean nameFound;
  private int device;
  private boolean deviceCommitted;
  private long balloonPages;
  private long balloonWaitStart;
  private final List<long[]> crashes;
  private boolean crashed;
  private boolean restartDue;
  private boolean recovering;
  private int inFlight;
  private boolean killed;
  private Operation queued;
  private int crashesIdle;
  private int crashesBusy;
  private int cleanedUp;

  public ToolstackWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    this(index, layout, scenario, self, List.of());
  }

  /** A worker whose xl process is killed at each {@code (time, restart delay)} of {@code crashes} (model faults). */
  public ToolstackWorker(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self, List<long[]> crashes) {
    super(index, layout, scenario, self, Step.idle, SHARED);
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
    } else if (crashed) {
      whileDead(message, ctx);
    } else if (message instanceof Worker.Start s && recovering) {
      queued = s.operation();
    } else {
      super.handle(message, ctx);
    }
  }

  @Override
  protected void onMessage(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.Start s) {
      begin(s.operation(), ctx);
    } else if (message instanceof XsReply r) {
      onXenstore(r, ctx);
    } else if (message instanceof XenstoreShard.WatchEvent w) {
      onWatch(w, ctx);
    } else if (message instanceof Hypervisor.DomainCreated c) {
      onDomainCreated(c.domid(), ctx);
    } else if (message instanceof Hypervisor.DomainRejected r) {
      release(layout.domctlLock(), ctx);
      fail(r.reason(), ctx);
    } else if (message instanceof Hypervisor.Killed k) {
      onKilled(k.pages(), ctx);
    } else if (message instanceof NumaNode.Allocated a) {
      onAllocated(a, ctx);
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
    } else if (message instanceof NumaNode.NodeScrubbed) {
      onNodeScrubbed(ctx);
    } else {
      throw new IllegalArgumentException("worker " + index + " cannot handle " + message);
    }
  }

  private void begin(Operation operation, Context<XenMsg> ctx) {
    if (step != Step.idle) {
      throw new IllegalStateException("worker " + index + " got " + operation + " while busy with " + op);
    }
    open(operation, ctx);
    shard = null;
    xenstoreWritten = false;
    killed = false;
    if (op.kind() == Operation.Kind.prepare) {
      afterLookups(ctx);
      return;
    }
    if (op.shell() != null) {
      domid = op.shell().domid();
      memory = new MemoryAllocation(op.shell().pages().clone());
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

  /** A CPU work item or lock grant for the current step arrived. */
  @Override
  protected void resume(Context<XenMsg> ctx) {
    switch (step) {
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
      case balloon_cpu -> {
        sleep(Freemem.noticedAt(cost, balloonWaitStart, ctx.now()) - ctx.now(), Step.balloon_poll, ctx);
      }
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
        device++;
        nextDevice(ctx);
      }
      case noxs_teardown_devctl -> {
        send(layout.hypervisor(), new Hypervisor.RemoveDevice(domid), ctx);
        device++;
        nextTeardown(ctx);
      }
      case domctl_lock -> cpu(WorkKind.hypervisor, cost.createDomain(), Step.domctl_cpu, ctx);
      case domctl_cpu -> {
        step = Step.domctl_table;
        send(layout.hypervisor(), new Hypervisor.CreateDomain(op.name(), self, op.kind() == Operation.Kind.prepare),
            ctx);
      }
      case heap_lock -> heapLocked(ctx);
      case heap_cpu -> allocated(ctx);
      case allocation_scrub -> allocationScrubbed(ctx);
      case populate_cpu -> {
        end(Phase.populate, ctx);
        if (op.kind() == Operation.Kind.prepare) {
          startDevices(ctx);
        } else {
          build(ctx);
        }
      }
      case build -> {
        end(Phase.build, ctx);
        if (op.shell() == null) {
          startDevices(ctx);
        } else if (switches.noxs()) {
          startUnpause(ctx);
        } else {
          begin(Phase.xenstore_setup, ctx);
          retries = 0;
          transaction(Step.rename_tx_start, ctx);
        }
      }
      case unpause_lock -> cpu(WorkKind.hypervisor, cost.unpause(), Step.unpause_cpu, ctx);
      case unpause_cpu -> unpaused(ctx);
      case kill_lock -> cpu(WorkKind.hypervisor, cost.destroyDomain(), Step.kill_cpu, ctx);
      case kill_cpu -> {
        step = Step.kill_table;
        send(layout.hypervisor(), new Hypervisor.KillDomain(domid, self), ctx);
      }
      case scrub_lock -> scrubBatch(ctx);
      case scrub_redo -> scrubOnCpu(ctx);
      case scrub_cpu -> batchScrubbed(ctx);
      default -> throw new IllegalStateException("worker " + index + " resumed in step " + step);
    }
  }

  private void onXenstore(XsReply r, Context<XenMsg> ctx) {
    if (!forCurrentStep(r, ctx)) {
      return;
    }
    switch (step) {
      case name_lookup -> onLookupAnswer(r.value(), ctx);
      case introduce -> {
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
      case balloon_target -> {
        balloonWaitStart = ctx.now();
        cpu(WorkKind.memory, Freemem.balloonTime(cost, balloonPages), Step.balloon_cpu, ctx);
      }
      case device_watch -> transaction(Step.device_tx_start, ctx);
      case teardown_watch -> {
        step = Step.teardown_write;
        send(routing.ofBackends(domid), new XenstoreShard.Write(DevicePaths.state(domid, device, op.type()), "5",
            self, ++tag), ctx);
      }
      case teardown_write -> step = Step.teardown_wait;
      default -> throw new IllegalStateException("worker " + index + " got a Xenstore reply in step " + step);
    }
  }

  // xl's freemem() while auto-ballooning: ask Xen for free memory; if short, lower dom0's target and wait for it.

  private void freemem(Context<XenMsg> ctx) {
    begin(Phase.balloon, ctx);
    step = Step.balloon_query;
    send(layout.hypervisor(), new Hypervisor.FreeMemory(cost.pagesFor(op.type().memoryMib()), self, ++tag), ctx);
  }

  private void onMemoryFreed(Hypervisor.MemoryFreed m, Context<XenMsg> ctx) {
    if (m.ballooned() < 0) {
      fail("failed to free memory for the domain", ctx);
    } else if (m.ballooned() == 0) {
      end(Phase.balloon, ctx);
      startLookups(cost.nameLookupsPerCreate(), ctx);
    } else {
      balloonPages = m.ballooned();
      step = Step.balloon_target;
      send(layout.shardOfDomain(0), new XenstoreShard.Write("/local/domain/0/memory/target",
          Long.toString(m.dom0Pages() * cost.pageKib()), self, ++tag), ctx);
    }
  }

  // Name lookups: libxl_name_to_domid through Xenstore (one request per shard), the cache, or with noxs the
  // hypervisor's domain handles.

  private void startLookups(int count, Context<XenMsg> ctx) {
    begin(Phase.name_check, ctx);
    lookupsLeft = count;
    nameFound = false;
    nextLookup(ctx);
  }

  private void nextLookup(Context<XenMsg> ctx) {
    if (lookupsLeft == 0) {
      end(Phase.name_check, ctx);
      afterLookups(ctx);
      return;
    }
    lookupsLeft--;
    if (switches.noxs()) {
      lookupAnswers = 1;
      cpu(WorkKind.hypervisor, cost.noxsLookup(), Step.noxs_lookup_cpu, ctx);
      return;
    }
    step = Step.name_lookup;
    tag++;
    if (switches.cache()) {
      lookupAnswers = 1;
      send(layout.cache(), new XenstoreCache.Lookup(op.name(), self, tag), ctx);
    } else {
      lookupAnswers = layout.shards();
      for (int s = 0; s < layout.shards(); s++) {
        send(layout.shard(s), new XenstoreShard.FindName(op.name(), self, tag), ctx);
      }
    }
  }

  /** One answer to the current lookup: the domid found, or null. */
  private void onLookupAnswer(String found, Context<XenMsg> ctx) {
    boolean create = op.kind() == Operation.Kind.create;
    if (found != null) {
      nameFound = true;
      if (!create) {
        domid = Integer.parseInt(found);
      }
    }
    if (--lookupAnswers > 0) {
      return;
    }
    if (create && nameFound) {
      fail("a domain named " + op.name() + " already exists", ctx);
    } else if (!create && !nameFound) {
      fail("no domain named " + op.name(), ctx);
    } else {
      nextLookup(ctx);
    }
  }

  private void afterLookups(Context<XenMsg> ctx) {
    if (op.shell() != null) {
      send(layout.hypervisor(), new Hypervisor.AdoptShell(domid, op.name()), ctx);
      build(ctx);
    } else if (op.kind() != Operation.Kind.destroy) {
      begin(Phase.domctl_create, ctx);
      acquire(layout.domctlLock(), Step.domctl_lock, ctx);
    } else {
      shard = layout.shardOfDomain(domid);
      send(layout.domain(op.guest()), new Domain.Destroying(), ctx);
      begin(Phase.device_teardown, ctx);
      device = 0;
      nextTeardown(ctx);
    }
  }

  // Creation: domain, Xenstore entries, memory, build, devices, unpause.

  private void onDomainCreated(int newDomid, Context<XenMsg> ctx) {
    domid = newDomid;
    release(layout.domctlLock(), ctx);
    end(Phase.domctl_create, ctx);
    if (switches.noxs()) {
      startPopulate(ctx);
      return;
    }
    begin(Phase.xenstore_setup, ctx);
    shard = layout.shardOfDomain(domid);
    transaction(Step.tx_start, ctx);
  }

  /** Starts the transaction of step {@code start} (a {@code *_tx_start} step) on the shards of its nodes. */
  private void transaction(Step start, Context<XenMsg> ctx) {
    List<TxOp> ops = switch (start) {
      case tx_start -> DevicePaths.domainEntries(domid, op.name(), op.type());
      case rename_tx_start -> DevicePaths.rename(domid, op.name());
      case device_tx_start -> DevicePaths.deviceEntries(domid, device, op.type());
      case cleanup_tx_start -> DevicePaths.domainRemovals(domid);
      default -> throw new IllegalStateException("no transaction in step " + start);
    };
    startTransaction(start, ops, ctx);
  }

  @Override
  protected void committed(Context<XenMsg> ctx) {
    switch (step) {
      case tx_commit -> {
        xenstoreWritten = true;
        if (op.kind() == Operation.Kind.prepare) {
          prepared(ctx);
        } else {
          step = Step.introduce;
          send(shard, new XenstoreShard.Introduce(domid, self, ++tag), ctx);
        }
      }
      case rename_tx_commit -> {
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

  /**
   * chaos's h2_xen_domain_precreate writes the shell's Xenstore entries but leaves its introduction to xenstored
   * for the execute phase (h2_xen_xs_domain_intro in h2_xen_domain_fastboot); the cache learns the shell's name so
   * that it keeps agreeing with Xenstore.
   */
  private void prepared(Context<XenMsg> ctx) {
    if (switches.cache()) {
      send(layout.cache(), new XenstoreCache.Insert(op.name(), domid), ctx);
    }
    end(Phase.xenstore_setup, ctx);
    startPopulate(ctx);
  }

  private void build(Context<XenMsg> ctx) {
    begin(Phase.build, ctx);
    cpu(WorkKind.toolstack, cost.buildBase() + cost.perGib(cost.buildPerGib(), memory.total()), Step.build, ctx);
  }

  private void startDevices(Context<XenMsg> ctx) {
    begin(Phase.devices, ctx);
    device = 0;
    nextDevice(ctx);
  }

  /** The guest's memory comes from its home node first (the guest number modulo the nodes). */
  private void startPopulate(Context<XenMsg> ctx) {
    startPopulate(DevicePaths.homeNode(op.guest(), layout.nodes()), ctx);
  }

  private void nextDevice(Context<XenMsg> ctx) {
    if (device == op.type().devices()) {
      end(Phase.devices, ctx);
      if (op.kind() == Operation.Kind.prepare) {
        finish(true, "", ctx);
      } else {
        startUnpause(ctx);
      }
      return;
    }
    if (switches.noxs()) {
      step = Step.noxs_device;
      send(layout.backend(), new DeviceBackend.NoxsCreate(DevicePaths.backendDir(domid, device, op.type()), self,
          ++tag), ctx);
      return;
    }
    deviceCommitted = false;
    retries = 0;
    step = Step.device_watch;
    send(routing.ofBackends(domid), new XenstoreShard.Watch(DevicePaths.state(domid, device, op.type()), "dev",
        self, ++tag), ctx);
  }

  private void startUnpause(Context<XenMsg> ctx) {
    if (holdsXl) {
      release(layout.xlLock(), ctx);
      holdsXl = false;
    }
    begin(Phase.unpause, ctx);
    acquire(layout.domctlLock(), Step.unpause_lock, ctx);
  }

  /** The backend set up or tore down the current device: record it in (or take it out of) the device page. */
  private void onNoxsDone(Context<XenMsg> ctx) {
    switch (step) {
      case noxs_device -> cpu(WorkKind.hypervisor, cost.noxsDevctl(), Step.noxs_devctl, ctx);
      case noxs_teardown -> cpu(WorkKind.hypervisor, cost.noxsDevctl(), Step.noxs_teardown_devctl, ctx);
      default -> throw new IllegalStateException("worker " + index + " got a noxs reply in step " + step);
    }
  }

  private void onWatch(XenstoreShard.WatchEvent w, Context<XenMsg> ctx) {
    boolean waiting = step == Step.device_watch || step == Step.device_tx_start || step == Step.device_tx_apply
        || step == Step.device_tx_commit || step == Step.device_wait || step == Step.teardown_write
        || step == Step.teardown_wait || step == Step.teardown_watch;
    if (waiting && w.path().equals(DevicePaths.state(domid, device, op.type()))) {
      readDeviceState(w.path(), routing.ofBackends(domid), ctx);
    }
  }

  @Override
  protected void onDeviceState(String value, Context<XenMsg> ctx) {
    String path = DevicePaths.state(domid, device, op.type());
    if (step == Step.device_wait && deviceCommitted && "4".equals(value)) {
      send(routing.ofBackends(domid), new XenstoreShard.Unwatch(path, "dev", self, 0), ctx);
      device++;
      nextDevice(ctx);
    } else if (step == Step.teardown_wait && value == null) {
      send(routing.ofBackends(domid), new XenstoreShard.Unwatch(path, "dev", self, 0), ctx);
      device++;
      nextTeardown(ctx);
    }
  }

  private void unpaused(Context<XenMsg> ctx) {
    send(layout.hypervisor(), new Hypervisor.UnpauseDomain(domid), ctx);
    release(layout.domctlLock(), ctx);
    int home = DevicePaths.homeNode(op.guest(), layout.nodes());
    int vcpu0 = scenario.host().guestPcpu(home, op.guest() / layout.nodes());
    send(layout.domain(op.guest()), new Domain.Boot(domid, layout.pcpu(vcpu0), layout.driver()), ctx);
    end(Phase.unpause, ctx);
    finish(true, "", ctx);
  }

  // Destruction: device teardown, domain kill, scrubbing, Xenstore cleanup.

  private void nextTeardown(Context<XenMsg> ctx) {
    if (device == op.type().devices()) {
      end(Phase.device_teardown, ctx);
      begin(Phase.domain_kill, ctx);
      acquire(layout.domctlLock(), Step.kill_lock, ctx);
      return;
    }
    if (switches.noxs()) {
      step = Step.noxs_teardown;
      send(layout.backend(), new DeviceBackend.NoxsDestroy(DevicePaths.backendDir(domid, device, op.type()), self,
          ++tag), ctx);
      return;
    }
    step = Step.teardown_watch;
    send(routing.ofBackends(domid), new XenstoreShard.Watch(DevicePaths.state(domid, device, op.type()), "dev",
        self, ++tag), ctx);
  }

  private void onKilled(long[] owned, Context<XenMsg> ctx) {
    killedWith(owned);
    scrub(true, ctx);
  }

  /** The hypervisor killed the domain and handed back the pages it owned, per node. */
  private void killedWith(long[] owned) {
    killed = true;
    reclaimed(owned);
  }

  @Override
  protected void cleanup(Context<XenMsg> ctx) {
    if (switches.noxs()) {
      if (recovering) {
        send(layout.backend(), new DeviceBackend.NoxsDestroyAll(domid), ctx);
      }
      released(ctx);
      return;
    }
    begin(Phase.xenstore_cleanup, ctx);
    if (switches.cache()) {
      send(layout.cache(), new XenstoreCache.Remove(op.name()), ctx);
    }
    retries = 0;
    transaction(Step.cleanup_tx_start, ctx);
  }

  private void cleaned(Context<XenMsg> ctx) {
    end(Phase.xenstore_cleanup, ctx);
    released(ctx);
  }

  private void released(Context<XenMsg> ctx) {
    send(layout.hypervisor(), new Hypervisor.ReleaseDomain(domid), ctx);
    send(layout.domain(op.guest()), new Domain.Gone(), ctx);
    finish(true, "", ctx);
  }

  // Failure: undo what the creation did, the way libxl's error paths do, and report.

  @Override
  protected void fail(String reason, Context<XenMsg> ctx) {
    if (op.kind() != Operation.Kind.destroy) {
      undoAllocation(ctx);
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
    step = Step.idle;
    txn = null;
    if (recovering) {
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

  private void crash(long restart, Context<XenMsg> ctx) {
    if (step == Step.idle && !recovering) {
      crashesIdle++;
      return;
    }
    if (crashed) {
      return;
    }
    crashesBusy++;
    if (!recovering) {
      answer(false, "xl was killed (toolstack worker crash) in step " + step, null, ctx);
    }
    crashed = true;
    restartDue = false;
    inFlight = switch (step) {
      case domctl_table, kill_table, allocate, noxs_device, noxs_teardown -> 1;
      case scrub_local -> scrubbing.pending();
      default -> 0;
    };
    holdsXl = false;
    holdsHeap = false;
    txn = null;
    for (LpRef<XenMsg> lock : List.of(layout.xlLock(), layout.domctlLock(), layout.heapLock())) {
      send(lock, new Lock.Withdraw(self), ctx);
    }
    for (int s = 0; s < layout.shards(); s++) {
      send(layout.shard(s), new XenstoreShard.Disconnect(self), ctx);
    }
    tag++;
    ctx.schedule(restart, new Recover());
  }

  /** The dead process's in-flight requests complete; their results are what the cleanup works from. */
  private void whileDead(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Recover) {
      restartDue = true;
    } else if (message instanceof Worker.Start s) {
      queued = s.operation();
    } else if (message instanceof Hypervisor.DomainCreated c) {
      domid = c.domid();
      shard = layout.shardOfDomain(domid);
      inFlight--;
    } else if (message instanceof Hypervisor.DomainRejected) {
      inFlight--;
    } else if (message instanceof Hypervisor.Killed k) {
      killedWith(k.pages());
      inFlight--;
    } else if (message instanceof NumaNode.Allocated a) {
      memory.took(a.node(), a.granted());
      inFlight--;
    } else if (message instanceof NumaNode.NodeScrubbed) {
      scrubbing.nodeScrubbed();
      inFlight--;
    } else if (message instanceof DeviceBackend.NoxsDone) {
      inFlight--;
    }
    if (restartDue && inFlight == 0) {
      crashed = false;
      cleanUp(ctx);
    }
  }

  /** The next xl run: cleans up what the killed one left, then takes the next operation. */
  private void cleanUp(Context<XenMsg> ctx) {
    Step was = step;
    recovering = true;
    tag++;
    if (op.kind() != Operation.Kind.destroy) {
      if (domid > 0) {
        cleanedUp++;
        xenstoreWritten = !switches.noxs();
      }
      fail("xl was killed (toolstack worker crash)", ctx);
      return;
    }
    if (domid == 0 || was == Step.name_lookup) {
      finish(false, "", ctx);
      return;
    }
    cleanedUp++;
    if (!killed) {
      end(Phase.device_teardown, ctx);
      begin(Phase.domain_kill, ctx);
      acquire(layout.domctlLock(), Step.kill_lock, ctx);
    } else if (was == Step.kill_table) {
      scrub(false, ctx);
    } else if (was == Step.scrub_cpu) {
      acquire(layout.domctlLock(), Step.scrub_redo, ctx);
    } else if (was == Step.scrub_lock) {
      acquire(layout.domctlLock(), Step.scrub_lock, ctx);
    } else {
      cleanup(ctx);
    }
  }

  /** The cleanup is done: the worker is an ordinary idle xl worker again. */
  private void recovered(Context<XenMsg> ctx) {
    recovering = false;
    op = null;
    if (queued != null) {
      Operation next = queued;
      queued = null;
      begin(next, ctx);
    }
  }

  public Worker.Report report() {
    return report(idle(), holdsLocks(), crashesIdle, crashesBusy, cleanedUp);
  }

  public boolean idle() {
    return step == Step.idle && !crashed && !recovering;
  }

  public boolean holdsLocks() {
    return holdsXl || holdsHeap;
  }
}
