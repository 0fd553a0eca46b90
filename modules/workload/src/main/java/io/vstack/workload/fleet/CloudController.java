package io.vstack.workload.fleet;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

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
 * hosts last reported, so they are as stale as the reports.
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

  /** Self-event: the drain of the evacuated hosts begins. */
  record Evacuate() implements java.io.Serializable {
  }

  /** A VM's life as the controller sees it. */
  public enum Status { waiting, queued, building, running, deleting, deleted, failed }

  private final FleetSpec spec;
  private final List<FleetVm> vms;
  private final int hostBase;
  private final long capacityMib;
  private final long capacityVcpus;
  private final long[] claimedMib;
  private final long[] claimedVcpus;
  private final long[] peakClaimedMib;
  private final int[] slotsUsed;
  private final FleetMsg.HostState[] reported;
  private final int[] failures;
  private final Status[] status;
  private final int[] host;
  private final int[] attempts;
  private final long[] runningAt;
  private final String[] failure;
  private final boolean[] departed;
  private final boolean[] disabled;
  private final long[] movedAt;
  private final long[] rerunAt;
  /** The hosts each VM's current request was tried on, as {@code vm * hosts + host}. */
  private final TreeSet<Long> tried = new TreeSet<>();
  private final ArrayDeque<Integer> queue = new ArrayDeque<>();
  private boolean deciding;
  private long retries;

  /**
   * A controller for {@code hosts} hosts at processes {@code hostBase ..}, each with {@code hostMib} MiB and
   * {@code guestPcpus} pCPUs for guests, serving {@code vms}.
   */
  public CloudController(FleetSpec spec, List<FleetVm> vms, int hostBase, long hostMib, int guestPcpus) {
    this.spec = spec;
    this.vms = List.copyOf(vms);
    this.hostBase = hostBase;
    int hosts = spec.hosts();
    this.capacityMib = hostMib - spec.scheduler().reservedMib();
    this.capacityVcpus = (long) Math.floor(guestPcpus * spec.scheduler().cpuRatio());
    this.claimedMib = new long[hosts];
    this.claimedVcpus = new long[hosts];
    this.peakClaimedMib = new long[hosts];
    this.slotsUsed = new int[hosts];
    this.reported = new FleetMsg.HostState[hosts];
    this.failures = new int[hosts];
    int n = vms.size();
    this.status = new Status[n];
    Arrays.fill(status, Status.waiting);
    this.host = new int[n];
    Arrays.fill(host, -1);
    this.attempts = new int[n];
    this.runningAt = new long[n];
    Arrays.fill(runningAt, -1);
    this.failure = new String[n];
    this.departed = new boolean[n];
    this.disabled = new boolean[hosts];
    this.movedAt = new long[n];
    Arrays.fill(movedAt, -1);
    this.rerunAt = new long[n];
    Arrays.fill(rerunAt, -1);
  }

  @Override
  public void start(Context<Object> ctx) {
    if (spec.evacuate().hosts() > 0) {
      ctx.schedule(spec.evacuate().at(), new Evacuate());
    }
    for (int v = 0; v < vms.size(); v++) {
      ctx.schedule(vms.get(v).createAt(), new Arrive(v));
      if (vms.get(v).deleteAt() >= 0) {
        ctx.schedule(vms.get(v).deleteAt(), new Depart(v));
      }
    }
  }

  @Override
  public void handle(Object message, Context<Object> ctx) {
    if (message instanceof Arrive a) {
      enqueue(a.vm(), ctx);
    } else if (message instanceof Decided) {
      deciding = false;
      decide(queue.poll(), ctx);
      next(ctx);
    } else if (message instanceof Depart d) {
      depart(d.vm(), ctx);
    } else if (message instanceof Evacuate) {
      evacuate(ctx);
    } else if (message instanceof FleetMsg.Running r) {
      heard(r.host(), r.state());
      if (r.host() == host[r.vm()]) {
        running(r, ctx);
      }
    } else if (message instanceof FleetMsg.BuildFailed f) {
      heard(f.host(), f.state());
      if (f.host() == host[f.vm()]) {
        buildFailed(f, ctx);
      }
    } else if (message instanceof FleetMsg.Removed r) {
      heard(r.host(), r.state());
      if (r.host() == host[r.vm()] && status[r.vm()] == Status.deleting) {
        release(r.vm());
        status[r.vm()] = Status.deleted;
      }
    } else if (message instanceof FleetMsg.Report r) {
      heard(r.host(), r.state());
    } else {
      throw new IllegalArgumentException("cloud controller cannot handle " + message);
    }
  }

  private void running(FleetMsg.Running r, Context<Object> ctx) {
    failures[r.host()] = 0;
    if (movedAt[r.vm()] >= 0) {
      rerunAt[r.vm()] = r.at();
    } else {
      runningAt[r.vm()] = r.at();
    }
    status[r.vm()] = Status.running;
    if (departed[r.vm()]) {
      remove(r.vm(), ctx);
    }
  }

  private void buildFailed(FleetMsg.BuildFailed f, Context<Object> ctx) {
    failures[f.host()]++;
    release(f.vm());
    failure[f.vm()] = f.reason();
    if (departed[f.vm()]) {
      status[f.vm()] = Status.deleted;
    } else if (attempts[f.vm()] < spec.scheduler().maxAttempts()) {
      retries++;
      enqueue(f.vm(), ctx);
    } else {
      status[f.vm()] = Status.failed;
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
      if (host[v] >= 0 && disabled[host[v]] && (status[v] == Status.running || status[v] == Status.building)) {
        movedAt[v] = ctx.now();
        release(v);
        ctx.send(LpRef.of(hostBase + host[v]), spec.lookahead(), new FleetMsg.Remove(v));
        host[v] = -1;
        attempts[v] = 0;
        tried.subSet(triedKey(v, 0), triedKey(v + 1, 0)).clear();
        enqueue(v, ctx);
      }
    }
  }

  private void enqueue(int vm, Context<Object> ctx) {
    status[vm] = Status.queued;
    queue.add(vm);
    next(ctx);
  }

  /** Starts the next decision if the scheduler is idle and a request waits. */
  private void next(Context<Object> ctx) {
    if (!deciding && !queue.isEmpty()) {
      deciding = true;
      ctx.schedule(spec.scheduler().decision(), new Decided());
    }
  }

  private void depart(int vm, Context<Object> ctx) {
    departed[vm] = true;
    switch (status[vm]) {
      case running -> remove(vm, ctx);
      case queued, waiting -> status[vm] = Status.deleted;
      default -> { }
    }
  }

  private void remove(int vm, Context<Object> ctx) {
    status[vm] = Status.deleting;
    ctx.send(LpRef.of(hostBase + host[vm]), spec.lookahead(), new FleetMsg.Remove(vm));
  }

  /** Filters and weighs every host for {@code vm}, then claims the best one's capacity and sends it the build. */
  private void decide(int vm, Context<Object> ctx) {
    if (status[vm] != Status.queued) {
      return;
    }
    FleetVm want = vms.get(vm);
    List<Integer> candidates = new ArrayList<>();
    for (int h = 0; h < spec.hosts(); h++) {
      if (!disabled[h] && !tried.contains(triedKey(vm, h)) && slotsUsed[h] < spec.slots()
          && claimedMib[h] + want.memoryMib() <= capacityMib
          && claimedVcpus[h] + want.vcpus() <= capacityVcpus) {
        candidates.add(h);
      }
    }
    if (candidates.isEmpty()) {
      status[vm] = Status.failed;
      failure[vm] = failure[vm] == null ? "no valid host" : failure[vm] + "; then no valid host";
      return;
    }
    int best = Weighing.best(candidates, spec.scheduler(), h -> capacityMib - claimedMib[h],
        h -> reported[h] == null ? 0 : reported[h].building(), h -> failures[h],
        h -> reported[h] == null ? 0 : reported[h].dirtyMib());
    host[vm] = best;
    attempts[vm]++;
    tried.add(triedKey(vm, best));
    claimedMib[best] += want.memoryMib();
    claimedVcpus[best] += want.vcpus();
    peakClaimedMib[best] = Math.max(peakClaimedMib[best], claimedMib[best]);
    slotsUsed[best]++;
    status[vm] = Status.building;
    // to the host's agent in half the latency: the other half is the host's own (FleetSpec.lookahead)
    ctx.send(LpRef.of(hostBase + best), spec.lookahead(), new FleetMsg.Place(vm, want.name(), want.memoryMib(),
        want.vcpus(), want.image(), attempts[vm]));
  }

  private long triedKey(int vm, int h) {
    return (long) vm * spec.hosts() + h;
  }

  private void release(int vm) {
    int h = host[vm];
    claimedMib[h] -= vms.get(vm).memoryMib();
    claimedVcpus[h] -= vms.get(vm).vcpus();
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
   * The controller's view of VM {@code vm} after a run: {@code movedAt} when an evacuation moved it (-1: never) and
   * {@code rerunAt} when it ran again elsewhere (-1: not or never).
   */
  public record VmOutcome(FleetVm vm, Status status, int host, int attempts, long runningAt, String failure,
      long movedAt, long rerunAt) {
  }

  public List<VmOutcome> outcomes() {
    List<VmOutcome> out = new ArrayList<>(vms.size());
    for (int v = 0; v < vms.size(); v++) {
      out.add(new VmOutcome(vms.get(v), status[v], host[v], attempts[v], runningAt[v],
          failure[v] == null ? "" : failure[v], movedAt[v], rerunAt[v]));
    }
    return out;
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
