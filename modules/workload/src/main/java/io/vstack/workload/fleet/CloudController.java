package io.vstack.workload.fleet;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.workload.autoscale.ServiceMeter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cloud controller: the trace's requests reach its scheduler, which places them one at a time as OpenStack
 * Nova's filter scheduler does. Modelled: filters (the host is not one this VM already failed on: RetryFilter;
 * memory and vCPUs claimed stay within the host's capacity and allocation ratio: placement claims, which are
 * never over-committed; a free domain slot), then weighers, each normalised over the candidates to [0, 1] and
 * multiplied (free memory, creations in progress as Nova's IoOpsWeigher, recent build failures as its
 * BuildFailureWeigher, and memory still being scrubbed, which Nova cannot see); the best host gets the claim and
 * the build; a failed build frees the claim and is rescheduled elsewhere until max-attempts. Not modelled: the
 * API, conductor and message bus as separate services (one network hop stands for them), host aggregates,
 * availability zones, affinity, and scheduling several VMs of one request together. Weights are computed from what
 * hosts last reported, so they are as stale as the reports. With several scheduler workers, decisions overlap and
 * each claims atomically when it ends (as Placement's claims are), so none over-commits. The scaling groups' scalers
 * ({@link ScalingGroup}) run here too and queue their VMs' requests as the trace's arrive.
 */
public final class CloudController implements LogicalProcess<Object> {
  private static final long serialVersionUID = 1L;

  /** Self-event: VM {@code vm} is requested. */
  record Arrive(int vm) implements java.io.Serializable {
  }

  /** Self-event: VM {@code vm}'s deletion is requested. */
  record Depart(int vm) implements java.io.Serializable {
  }

  /** Self-event: the scheduler has decided on the request at the head of its queue. */
  record Decided() implements java.io.Serializable {
  }

  /** Self-event: the rebooted hosts restart their VMs. */
  record Reboot() implements java.io.Serializable {
  }

  /** Self-event: the drain of the evacuated hosts begins. */
  record Evacuate() implements java.io.Serializable {
  }

  /** Self-event: scaling group {@code group}'s scaler decides its size. */
  record Scale(int group) implements java.io.Serializable {
  }

  /** Self-event: scaling group {@code group}'s service is accounted for a second. */
  record Account(int group) implements java.io.Serializable {
  }

  /** A VM's life as the controller sees it. */
  public enum Status { waiting, queued, building, running, deleting, deleted, failed }

  /** What the controller knows of one VM. */
  private static final class Vm implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final FleetVm vm;
    /** The scaling group that asked for it, -1: the trace. */
    final int group;
    Status status = Status.waiting;
    int host = -1;
    int attempts;
    long runningAt = -1;
    String failure;
    boolean departed;
    long movedAt = -1;
    long rerunAt = -1;
    /** The hosts its current request was tried on (Nova's RetryFilter), the first {@code attempts} of them. */
    int[] tried = new int[0];

    Vm(FleetVm vm, int group) {
      this.vm = vm;
      this.group = group;
    }

    /** Its current request's next attempt is on host {@code h}. */
    void attempt(int h) {
      if (attempts == tried.length) {
        tried = Arrays.copyOf(tried, attempts + 1);
      }
      tried[attempts++] = h;
      host = h;
    }

    boolean triedOn(int h) {
      for (int i = 0; i < attempts; i++) {
        if (tried[i] == h) {
          return true;
        }
      }
      return false;
    }
  }

  private final FleetSpec spec;
  private final List<Vm> vms = new ArrayList<>();
  private final List<ScalingGroup> groups = new ArrayList<>();
  private final HostProcesses hostProcesses;
  private final long capacityMib;
  private final long capacityVcpus;
  private final long[] claimedMib;
  private final long[] claimedVcpus;
  private final long[] peakClaimedMib;
  private final int[] slotsUsed;
  private final FleetMsg.HostState[] reported;
  private final int[] failures;
  private final boolean[] disabled;
  private final ArrayDeque<Integer> queue = new ArrayDeque<>();
  /** Scratch space of {@link #decide}, made on first use (a checkpoint leaves it out). */
  private transient Weighing weighing;
  private int deciding;
  private long retries;

  /**
   * A controller for {@code hosts} hosts at processes {@code hostProcesses}, each with {@code hostMib} MiB and
   * {@code guestPcpus} pCPUs for guests, serving {@code vms} and the spec's scaling groups.
   */
  public CloudController(FleetSpec spec, List<FleetVm> vms, HostProcesses hostProcesses, long hostMib,
      int guestPcpus) {
    this.spec = spec;
    vms.forEach(v -> this.vms.add(new Vm(v, -1)));
    spec.groups().forEach(g -> groups.add(new ScalingGroup(g)));
    this.hostProcesses = hostProcesses;
    int hosts = spec.hosts();
    this.capacityMib = hostMib - spec.scheduler().reservedMib();
    this.capacityVcpus = (long) Math.floor(guestPcpus * spec.scheduler().cpuRatio());
    this.claimedMib = new long[hosts];
    this.claimedVcpus = new long[hosts];
    this.peakClaimedMib = new long[hosts];
    this.slotsUsed = new int[hosts];
    this.reported = new FleetMsg.HostState[hosts];
    this.failures = new int[hosts];
    this.disabled = new boolean[hosts];
  }

  @Override
  public void start(Context<Object> ctx) {
    if (spec.evacuate().hosts() > 0) {
      ctx.schedule(spec.evacuate().at(), new Evacuate());
    }
    if (spec.reboot().hosts() > 0) {
      ctx.schedule(spec.reboot().at(), new Reboot());
    }
    for (int v = 0; v < vms.size(); v++) {
      ctx.schedule(vms.get(v).vm.createAt(), new Arrive(v));
      if (vms.get(v).vm.deleteAt() >= 0) {
        ctx.schedule(vms.get(v).vm.deleteAt(), new Depart(v));
      }
    }
    for (int g = 0; g < groups.size(); g++) {
      ctx.schedule(groups.get(g).spec().start(), new Scale(g));
      ctx.schedule(groups.get(g).spec().start(), new Account(g));
    }
  }

  @Override
  public void handle(Object message, Context<Object> ctx) {
    if (message instanceof Arrive a) {
      enqueue(a.vm(), ctx);
    } else if (message instanceof Decided) {
      deciding--;
      decide(queue.poll(), ctx);
      next(ctx);
    } else if (message instanceof Depart d) {
      depart(d.vm(), ctx);
    } else if (message instanceof Evacuate) {
      evacuate(ctx);
    } else if (message instanceof Reboot) {
      reboot(ctx);
    } else if (message instanceof Scale s) {
      scale(s.group(), ctx);
    } else if (message instanceof Account a) {
      ScalingGroup group = groups.get(a.group());
      group.account(ctx.now());
      if (group.lastsBeyond(ctx.now(), ServiceMeter.ACCOUNT_NS)) {
        ctx.schedule(ServiceMeter.ACCOUNT_NS, a);
      }
    } else if (message instanceof FleetMsg.Running r) {
      heard(r.host(), r.state());
      if (r.host() == vms.get(r.vm()).host) {
        running(r, ctx);
      }
    } else if (message instanceof FleetMsg.BuildFailed f) {
      heard(f.host(), f.state());
      if (f.host() == vms.get(f.vm()).host) {
        buildFailed(f, ctx);
      }
    } else if (message instanceof FleetMsg.Removed r) {
      heard(r.host(), r.state());
      Vm vm = vms.get(r.vm());
      if (r.host() == vm.host && vm.status == Status.deleting) {
        release(r.vm());
        vm.status = Status.deleted;
      }
    } else if (message instanceof FleetMsg.Report r) {
      heard(r.host(), r.state());
    } else {
      throw new IllegalArgumentException("cloud controller cannot handle " + message);
    }
  }

  private void running(FleetMsg.Running r, Context<Object> ctx) {
    failures[r.host()] = 0;
    Vm vm = vms.get(r.vm());
    if (vm.group >= 0) {
      groups.get(vm.group).ran(r.vm(), r.at(), vm.runningAt < 0);
    }
    if (vm.movedAt >= 0) {
      vm.rerunAt = r.at();
    } else {
      vm.runningAt = r.at();
    }
    vm.status = Status.running;
    if (vm.departed) {
      remove(r.vm(), ctx);
    }
  }

  private void buildFailed(FleetMsg.BuildFailed f, Context<Object> ctx) {
    failures[f.host()]++;
    release(f.vm());
    Vm vm = vms.get(f.vm());
    vm.failure = f.reason();
    if (vm.departed) {
      vm.status = Status.deleted;
    } else if (vm.attempts < spec.scheduler().maxAttempts()) {
      retries++;
      enqueue(f.vm(), ctx);
    } else {
      failed(f.vm());
    }
  }

  private void failed(int v) {
    Vm vm = vms.get(v);
    vm.status = Status.failed;
    if (vm.group >= 0) {
      groups.get(vm.group).failed(v, vm.runningAt >= 0);
    }
  }

  /**
   * Group {@code g}'s scaler: asks for the VMs its load wants beyond those it has (each queued for the scheduler as
   * a trace's request is), or deletes its newest surplus ones.
   */
  private void scale(int g, Context<Object> ctx) {
    ScalingGroup group = groups.get(g);
    FleetSpec.GroupSpec want = group.spec();
    long now = ctx.now();
    int missing = group.missing(now);
    if (missing > 0) {
      int scaleOut = group.scaleOut(now, missing);
      for (int i = 0; i < missing; i++) {
        vms.add(new Vm(new FleetVm(group.nextName(), now, -1, want.memoryMib(), want.vcpus(), want.image()), g));
        group.requested(vms.size() - 1, scaleOut);
        enqueue(vms.size() - 1, ctx);
      }
    } else {
      for (int i = group.surplus(now); i > 0; i--) {
        depart(group.deleteNewest(), ctx);
      }
    }
    if (group.lastsBeyond(now, want.tick())) {
      ctx.schedule(want.tick(), new Scale(g));
    }
  }

  /**
   * Disables the evacuated hosts and rebuilds every VM they run or build elsewhere: its claim there is freed at once
   * (the host takes no new VM), it is deleted there, and it joins the scheduler's queue; what those hosts still say
   * of it afterwards is ignored.
   */
  private void evacuate(Context<Object> ctx) {
    for (int h = 0; h < spec.evacuate().hosts(); h++) {
      disabled[h] = true;
    }
    for (int v = 0; v < vms.size(); v++) {
      Vm vm = vms.get(v);
      if (vm.host >= 0 && disabled[vm.host] && (vm.status == Status.running || vm.status == Status.building)) {
        vm.movedAt = ctx.now();
        if (vm.group >= 0) {
          groups.get(vm.group).moved(v);
        }
        release(v);
        ctx.send(hostProcesses.ref(vm.host), spec.lookahead(), new FleetMsg.Remove(v));
        vm.host = -1;
        vm.attempts = 0;
        enqueue(v, ctx);
      }
    }
  }

  /**
   * Restarts every VM the rebooted hosts run where it is: deleted there and created again (by the host's agent once
   * the old domain is gone), its claim kept, as a fresh request whose first attempt is that host. VMs still building
   * finish their build.
   */
  private void reboot(Context<Object> ctx) {
    for (int v = 0; v < vms.size(); v++) {
      Vm vm = vms.get(v);
      if (vm.host >= 0 && vm.host < spec.reboot().hosts() && vm.status == Status.running) {
        vm.movedAt = ctx.now();
        if (vm.group >= 0) {
          groups.get(vm.group).moved(v);
        }
        LpRef<Object> host = hostProcesses.ref(vm.host);
        // the host deletes before it creates: one sender's same-time messages arrive in the order sent
        ctx.send(host, spec.lookahead(), new FleetMsg.Remove(v));
        vm.attempts = 0;
        vm.attempt(vm.host);
        vm.status = Status.building;
        // the new domain takes another slot, as any build does
        slotsUsed[vm.host]++;
        ctx.send(host, spec.lookahead(), place(v));
      }
    }
  }

  private void enqueue(int vm, Context<Object> ctx) {
    vms.get(vm).status = Status.queued;
    queue.add(vm);
    next(ctx);
  }

  /**
   * Starts decisions while a scheduler worker is idle and a request waits that no worker has taken: each decision
   * takes the queue's head when it ends.
   */
  private void next(Context<Object> ctx) {
    while (deciding < spec.scheduler().workers() && deciding < queue.size()) {
      deciding++;
      ctx.schedule(spec.scheduler().decision(), new Decided());
    }
  }

  private void depart(int v, Context<Object> ctx) {
    Vm vm = vms.get(v);
    vm.departed = true;
    switch (vm.status) {
      case running -> remove(v, ctx);
      case queued, waiting -> vm.status = Status.deleted;
      default -> { }
    }
  }

  private void remove(int vm, Context<Object> ctx) {
    vms.get(vm).status = Status.deleting;
    ctx.send(hostProcesses.ref(vms.get(vm).host), spec.lookahead(), new FleetMsg.Remove(vm));
  }

  /** Filters and weighs every host for {@code vm}, then claims the best one's capacity and sends it the build. */
  private void decide(int v, Context<Object> ctx) {
    Vm vm = vms.get(v);
    if (vm.status != Status.queued) {
      return;
    }
    FleetVm want = vm.vm;
    Weighing candidates = weighing();
    candidates.clear();
    for (int h = 0; h < spec.hosts(); h++) {
      if (!disabled[h] && slotsUsed[h] < spec.slots() && claimedMib[h] + want.memoryMib() <= capacityMib
          && claimedVcpus[h] + want.vcpus() <= capacityVcpus && !vm.triedOn(h)) {
        FleetMsg.HostState report = reported[h];
        candidates.add(h, capacityMib - claimedMib[h], report == null ? 0 : report.building(), failures[h],
            report == null ? 0 : report.dirtyMib());
      }
    }
    if (candidates.size() == 0) {
      vm.failure = vm.failure == null ? "no valid host" : vm.failure + "; then no valid host";
      failed(v);
      return;
    }
    int best = candidates.best();
    vm.attempt(best);
    claimedMib[best] += want.memoryMib();
    claimedVcpus[best] += want.vcpus();
    peakClaimedMib[best] = Math.max(peakClaimedMib[best], claimedMib[best]);
    slotsUsed[best]++;
    vm.status = Status.building;
    // to the host's agent in half the latency: the other half is the host's own (FleetSpec.lookahead)
    ctx.send(hostProcesses.ref(best), spec.lookahead(), place(v));
  }

  private Weighing weighing() {
    if (weighing == null) {
      weighing = new Weighing(spec.hosts(), spec.scheduler());
    }
    return weighing;
  }

  private FleetMsg.Place place(int v) {
    Vm vm = vms.get(v);
    return new FleetMsg.Place(v, vm.vm.name(), vm.vm.memoryMib(), vm.vm.vcpus(), vm.vm.image(), vm.attempts);
  }

  private void release(int vm) {
    int h = vms.get(vm).host;
    claimedMib[h] -= vms.get(vm).vm.memoryMib();
    claimedVcpus[h] -= vms.get(vm).vm.vcpus();
    if (claimedMib[h] < 0 || claimedVcpus[h] < 0) {
      throw new IllegalStateException("host " + h + " released more than was claimed");
    }
  }

  private void heard(int h, FleetMsg.HostState state) {
    if (state != null) {
      reported[h] = state;
    }
  }

  /**
   * The controller's view of VM {@code vm} after a run: {@code movedAt} when an evacuation moved it or a reboot
   * restarted it (-1: never), {@code rerunAt} when it ran again (-1: not or never), and the scaling group that asked
   * for it ("": the trace).
   */
  public record VmOutcome(FleetVm vm, Status status, int host, int attempts, long runningAt, String failure,
      long movedAt, long rerunAt, String group) {
  }

  /** Every VM in the order requested: the trace's, then the scaling groups' as they asked for them. */
  public List<VmOutcome> outcomes() {
    List<VmOutcome> out = new ArrayList<>(vms.size());
    for (Vm vm : vms) {
      out.add(new VmOutcome(vm.vm, vm.status, vm.host, vm.attempts, vm.runningAt,
          vm.failure == null ? "" : vm.failure, vm.movedAt, vm.rerunAt,
          vm.group < 0 ? "" : groups.get(vm.group).spec().name()));
    }
    return out;
  }

  /** What each scaling group's service experienced, in the spec's order. */
  public List<FleetSummary.Group> groups() {
    return groups.stream().map(ScalingGroup::summary).toList();
  }

  /** Builds rescheduled after a failure. */
  public long retries() {
    return retries;
  }

  /** The most memory ever claimed on host {@code h} at once, MiB (never above its capacity). */
  public long peakClaimedMib(int h) {
    return peakClaimedMib[h];
  }

  /** Memory a host gives guests, MiB (every host of the fleet is alike). */
  public long capacityMib() {
    return capacityMib;
  }
}
