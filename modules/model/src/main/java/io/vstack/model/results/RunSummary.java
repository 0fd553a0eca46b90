package io.vstack.model.results;

import io.vstack.model.Layout;
import io.vstack.model.domain.Domain;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures a run is judged by, all in virtual time (milliseconds) or counts. Latencies are measured from the
 * request: create until {@code xl create} returned, boot until the guest's kernel is up, destroy until its memory is
 * scrubbed (with idle scrubbing: handed back to be scrubbed later) and its Xenstore entries are gone.
 * {@code memoryCleanMs} runs from the first destroy request until no page was left to scrub;
 * {@code allocationScrubbedPages} are dirty pages allocations took and scrubbed themselves (idle scrubbing).
 * {@code dom0CpuMs} is the toolstack, hypercall, hotplug and device-model work on dom0's vCPUs and what running
 * guests keep using there (their qemu, console and backends); {@code xenstoredCpuMs} is xenstored's service time,
 * also spent on dom0's vCPUs (xenstored is a dom0 process) but counted apart.
 * With a shell pool: {@code createdFromShells} of the successful creations finished a prepared shell (the rest built
 * their domain in full), {@code shellsPrepared} shells were prepared in the background, and {@code shellsLeft} are
 * still ready (live, paused domains) at the end; shell preparations are not creations and count nowhere else.
 * {@code crossShardTransactions} committed on more than one Xenstore shard (two-phase commit); {@code
 * crossShardAborts} were aborted on every shard because one refused to prepare, and retried (each also counts in
 * {@code xenstoreRetries}).
 */
public record RunSummary(String scenario, String configuration, long seed, int guests, int created,
    int createFailed, int destroyed, int destroyFailed, Stats create, Stats boot, Stats destroy, Stats scrub,
    double bootMakespanMs, double destroyMakespanMs, double xlLockWaitMs, double domctlLockWaitMs,
    double domctlLockMaxWaitMs, Map<String, Long> xenstoreOps, long xenstoreRetries, long cacheHits,
    long cacheMisses, long scrubbedLocalPages, long scrubbedRemotePages, double dom0CpuMs, double scrubCpuMs,
    long xenstoredRestarts, long xenstoreAbortedTransactions, int crashedGuests, double pcpuOfflineMs,
    long interruptedWork, int xlKilled, int leftoversCleaned, double memoryCleanMs, long allocationScrubbedPages,
    double xenstoredCpuMs, int createdFromShells, int shellsPrepared, int shellsLeft, long crossShardTransactions,
    long crossShardAborts) {

  public double cacheHitRatio() {
    long total = cacheHits + cacheMisses;
    return total == 0 ? 0 : (double) cacheHits / total;
  }

  public long xenstoreOpsTotal() {
    return xenstoreOps.entrySet().stream().filter(e -> !e.getKey().equals("tx_conflict") && !e.getKey().equals("find_name"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Every worker's creations and destructions (not shell preparations), ordered by kind then guest. */
  public static List<OperationResult> operations(XenModel model) {
    return operations(model.finalState());
  }

  public static List<OperationResult> operations(FinalState state) {
    List<OperationResult> all = new ArrayList<>();
    for (int w = 0; w < state.layout().workers(); w++) {
      state.worker(w).history().stream().filter(r -> r.operation().kind() != Operation.Kind.prepare)
          .forEach(all::add);
    }
    all.sort(Comparator.comparing((OperationResult r) -> r.operation().kind())
        .thenComparingInt(r -> r.operation().guest()).thenComparingLong(OperationResult::finishedAt));
    return all;
  }

  public static RunSummary of(XenModel model) {
    return of(model.finalState());
  }

  public static RunSummary of(FinalState state) {
    Layout layout = state.layout();
    List<OperationResult> ops = operations(state);
    List<Long> create = new ArrayList<>();
    List<Long> destroy = new ArrayList<>();
    List<Long> scrub = new ArrayList<>();
    int createFailed = 0;
    int destroyFailed = 0;
    long firstCreate = Long.MAX_VALUE;
    long firstDestroy = Long.MAX_VALUE;
    long lastDestroy = 0;
    long retries = 0;
    for (OperationResult r : ops) {
      long latency = r.finishedAt() - r.operation().requestedAt();
      retries += r.retries();
      if (r.operation().kind() == Operation.Kind.create) {
        firstCreate = Math.min(firstCreate, r.operation().requestedAt());
        if (r.ok()) {
          create.add(latency);
        } else {
          createFailed++;
        }
      } else {
        firstDestroy = Math.min(firstDestroy, r.operation().requestedAt());
        lastDestroy = Math.max(lastDestroy, r.finishedAt());
        if (r.ok()) {
          destroy.add(latency);
          scrub.add(r.duration(Phase.scrub));
        } else {
          destroyFailed++;
        }
      }
    }
    List<Long> boot = new ArrayList<>();
    long lastRunning = 0;
    int crashed = 0;
    for (int g = 0; g < layout.guests(); g++) {
      crashed += state.domain(g).crashedAt() >= 0 ? 1 : 0;
    }
    for (OperationResult r : ops) {
      if (r.operation().kind() == Operation.Kind.create && r.ok()) {
        Domain.Report d = state.domain(r.operation().guest());
        if (d.runningAt() >= 0) {
          boot.add(d.runningAt() - r.operation().requestedAt());
          lastRunning = Math.max(lastRunning, d.runningAt());
        }
      }
    }
    Map<String, Long> xsOps = new LinkedHashMap<>();
    for (XenstoreShard.Op op : XenstoreShard.Op.values()) {
      long n = 0;
      for (int s = 0; s < layout.shards(); s++) {
        n += state.shard(s).ops().getOrDefault(op.name(), 0L);
      }
      xsOps.put(op.name(), n);
    }
    long local = 0;
    long remote = 0;
    long onAllocation = 0;
    long lastCleaned = 0;
    for (int n = 0; n < layout.nodes(); n++) {
      local += state.node(n).scrubbedLocal();
      remote += state.node(n).scrubbedRemote();
      onAllocation += state.node(n).scrubbedOnAllocation();
      lastCleaned = Math.max(lastCleaned, state.node(n).lastCleanedAt());
    }
    long restarts = 0;
    long aborted = 0;
    long xenstored = 0;
    for (int s = 0; s < layout.shards(); s++) {
      restarts += state.shard(s).restarts();
      aborted += state.shard(s).abortedTransactions();
      xenstored += state.shard(s).busyNanos();
    }
    long dom0 = 0;
    long scrubCpu = 0;
    long offline = 0;
    long interrupted = 0;
    for (int p = 0; p < layout.pcpus(); p++) {
      Pcpu.Report cpu = state.pcpu(p);
      if (p < state.scenario().host().dom0Vcpus()) {
        dom0 += cpu.busy(WorkKind.toolstack) + cpu.busy(WorkKind.hypervisor) + cpu.busy(WorkKind.memory)
            + cpu.busy(WorkKind.hotplug) + cpu.busy(WorkKind.device_model) + cpu.busy(WorkKind.dom0_background);
      }
      scrubCpu += cpu.busy(WorkKind.scrub);
      offline += cpu.offline();
      interrupted += cpu.interrupted();
    }
    int killed = 0;
    int cleaned = 0;
    int prepared = 0;
    long crossShard = 0;
    long crossShardAborts = 0;
    for (int w = 0; w < layout.workers(); w++) {
      killed += state.worker(w).crashesBusy();
      cleaned += state.worker(w).cleanedUp();
      crossShard += state.worker(w).crossShardCommits();
      crossShardAborts += state.worker(w).crossShardAborts();
      prepared += (int) state.worker(w).history().stream()
          .filter(r -> r.operation().kind() == Operation.Kind.prepare && r.ok()).count();
    }
    int fromShells = (int) ops.stream()
        .filter(r -> r.operation().kind() == Operation.Kind.create && r.ok() && r.operation().shell() != null).count();
    return new RunSummary(state.scenario().name(), state.scenario().switches().label(), state.scenario().seed(),
        layout.guests(), create.size(), createFailed, destroy.size(), destroyFailed, stats(create), stats(boot),
        stats(destroy), stats(scrub), span(firstCreate, lastRunning), span(firstDestroy, lastDestroy),
        ms(state.xlLock().totalWait()), ms(state.domctlLock().totalWait()), ms(state.domctlLock().maxWait()), xsOps,
        retries, state.cache().hits(), state.cache().misses(), local, remote, ms(dom0), ms(scrubCpu), restarts,
        aborted, crashed, ms(offline), interrupted, killed, cleaned, span(firstDestroy, lastCleaned), onAllocation,
        ms(xenstored), fromShells, prepared, state.hypervisor().shells().size(), crossShard, crossShardAborts);
  }

  private static Stats stats(List<Long> values) {
    return Stats.ofNanos(values.stream().mapToLong(Long::longValue).toArray());
  }

  private static double span(long from, long to) {
    return from == Long.MAX_VALUE || to < from ? 0 : ms(to - from);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
