package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.WorkloadSpec;
import io.vstack.model.domain.Domain;
import io.vstack.model.results.Percentiles;
import io.vstack.model.results.RunSummary;
import io.vstack.model.results.Stats;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.vmtrace.AzureVmTable;
import io.vstack.workload.vmtrace.Placement;
import io.vstack.workload.vmtrace.TraceDriver;
import io.vstack.workload.vmtrace.VmRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The macro-benchmark: a datacenter VM trace (Azure Public Dataset V2 schema) placed over a cluster of identical
 * hosts and replayed on each, stock vs. all fixes. Hosts are independent once VMs are placed, so each is its own
 * simulation. VMs arrive in 300-second buckets, so every bucket is a small boot storm on each host.
 */
public final class TraceReplay implements Experiment {
  private static final long BUCKET_NS = 300_000_000_000L;

  @Override
  public String name() {
    return "trace-replay";
  }

  @Override
  public String description() {
    return "replay an Azure-format VM trace over a cluster of hosts, stock vs. all fixes";
  }

  /** The trace replay's settings: the sample trace over 32 hosts (150 of its VMs when quick). */
  static List<String> settings(boolean quick) {
    return List.of("name=trace-replay", "workload.trace.file=conf/traces/azure-sample.csv",
        "workload.trace.hosts=32", "workload.trace.placement=first-fit", "workload.trace.cpu-overcommit=4",
        "workload.trace.max-vms=" + (quick ? 150 : 0), "toolstack.workers=16");
  }

  /** The trace's VMs placed over the hosts of {@code base}, ready to replay under any configuration of it. */
  record Replay(Scenario base, List<VmRecord> vms, Placement.Result placed, long end) {

    static Replay of(Sweep sweep, Scenario base) {
      WorkloadSpec.TraceSpec spec = base.workload().trace();
      List<VmRecord> vms = AzureVmTable.read(sweep.resolve(spec.file()), spec.maxVms());
      long end = vms.stream().mapToLong(VmRecord::deleted).max().orElse(0);
      int cores = (base.host().pcpus() - base.host().dom0Vcpus()) * spec.cpuOvercommit();
      return new Replay(base, vms, Placement.place(vms, spec.hosts(), base.host().memoryMib() * base.host().nodes(),
          cores, spec.placement()), end);
    }

    /** Hosts that got VMs: one simulation each. */
    int hosts() {
      return (int) placed.hosts().stream().filter(share -> !share.isEmpty()).count();
    }

    /** One simulation per host that got VMs, under {@code config} (a configuration of the same host). */
    List<Sweep.Job> jobs(Scenario config) {
      List<Sweep.Job> jobs = new ArrayList<>();
      for (List<VmRecord> share : placed.hosts()) {
        if (share.isEmpty()) {
          continue;
        }
        List<TraceDriver.TraceVm> hostVms = share.stream().map(vm -> new TraceDriver.TraceVm("vm-" + vm.vmid(),
            vm.created() * 1_000_000_000L, vm.deleted() >= end ? -1 : vm.deleted() * 1_000_000_000L,
            base.guest().sized(vm.memoryGb() * 1024L, vm.cores()))).toList();
        Scenario host = config.with(config.workload().withGuests(hostVms.size()));
        jobs.add(new Sweep.Job(host, (layout, s) -> new TraceDriver(layout, s, hostVms)));
      }
      return jobs;
    }
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    Scenario base = sweep.scenario(settings(sweep.quick()).toArray(String[]::new));
    WorkloadSpec.TraceSpec spec = base.workload().trace();
    Replay replay = Replay.of(sweep, base);
    List<VmRecord> vms = replay.vms();
    Placement.Result placed = replay.placed();
    List<Sweep.Job> jobs = new ArrayList<>();
    jobs.addAll(replay.jobs(base.with(base.switches().withFixes(false, false, false))));
    jobs.addAll(replay.jobs(base.with(base.switches().withFixes(true, true, true))));
    List<ScenarioRun> runs = sweep.runJobs(jobs);
    int perConfig = runs.size() / 2;
    Outcome stock = outcome(runs.subList(0, perConfig));
    Outcome fixed = outcome(runs.subList(perConfig, runs.size()));
    List<List<String>> rows = new ArrayList<>();
    row(rows, "VMs created", stock.created, fixed.created, false);
    row(rows, "creations failed", stock.failed, fixed.failed, false);
    statRows(rows, "boot latency", stock.boot, fixed.boot);
    statRows(rows, "time to capacity per 5-min bucket", stock.capacity, fixed.capacity);
    statRows(rows, "destroy latency", stock.destroy, fixed.destroy);
    row(rows, "VMs waiting over 60 s to run", stock.over60, fixed.over60, false);
    Table table = new Table(name(), String.format(Locale.ROOT, "%d VMs of %s on %d %s hosts (%s), %d rejected by "
            + "placement", vms.size(), spec.file(), spec.hosts(), base.host().name(),
            spec.placement().name().replace('_', '-'), placed.rejected().size()),
        List.of("metric", "stock", "all_fixes", "speedup"), rows);
    Chart cdf = Chart.lines(name(), "Boot latency of trace VMs (request to running)", "boot latency (s)",
        "VMs running within that latency (fraction)", false, List.of(new Series("stock", cdf(stock.bootNanos)),
            new Series("all fixes", cdf(fixed.bootNanos))));
    return new ExperimentResult(name(), description(), List.of(table), List.of(cdf), List.of(
        String.format(Locale.ROOT, "p95 boot latency: %.2f s stock, %.2f s with all fixes (%.1fx); p95 time to "
                + "capacity per arrival bucket: %.1fx.", stock.boot.p95() / 1e3, fixed.boot.p95() / 1e3,
            stock.boot.p95() / fixed.boot.p95(), stock.capacity.p95() / fixed.capacity.p95()),
        "Each 5-minute bucket of the trace arrives at once, so each is a small boot storm per host: the "
            + "serialized toolstack queues it, the parallel one runs it on dom0's vCPUs.",
        "Failed creations by reason: stock " + stock.failures + ", all fixes " + fixed.failures + " (memory "
            + "still being scrubbed is not yet free for the next VM placed on the host)."));
  }

  /** What a replay gave over all its hosts: boot latency, time to capacity per arrival bucket, destroy latency. */
  record Outcome(long created, long failed, Stats boot, Stats capacity, Stats destroy, long over60,
      long[] bootNanos, TreeMap<String, Integer> failures) {
  }

  static Outcome outcome(List<ScenarioRun> hosts) {
    List<Long> boot = new ArrayList<>();
    List<Long> destroy = new ArrayList<>();
    TreeMap<Long, Long> bucketDone = new TreeMap<>();
    long failed = 0;
    TreeMap<String, Integer> failures = new TreeMap<>();
    for (ScenarioRun run : hosts) {
      for (OperationResult r : RunSummary.operations(run.model())) {
        long requested = r.operation().requestedAt();
        if (r.operation().kind() == Operation.Kind.destroy) {
          destroy.add(r.finishedAt() - requested);
        } else if (!r.ok()) {
          failed++;
          failures.merge(r.failure().replaceAll(": .*", "").replaceAll("[0-9]+", "N"), 1, Integer::sum);
        } else {
          Domain d = run.model().component(run.model().layout().domain(r.operation().guest()), Domain.class);
          boot.add(d.runningAt() - requested);
          long bucket = requested / BUCKET_NS * BUCKET_NS;
          bucketDone.merge(bucket, d.runningAt() - bucket, Math::max);
        }
      }
    }
    long[] bootNanos = boot.stream().mapToLong(Long::longValue).toArray();
    long over60 = Arrays.stream(bootNanos).filter(b -> b > 60_000_000_000L).count();
    return new Outcome(bootNanos.length, failed, Stats.ofNanos(bootNanos),
        Stats.ofNanos(bucketDone.values().stream().mapToLong(Long::longValue).toArray()),
        Stats.ofNanos(destroy.stream().mapToLong(Long::longValue).toArray()), over60, bootNanos, failures);
  }

  private static void statRows(List<List<String>> rows, String name, Stats stock, Stats fixed) {
    rows.add(List.of(name + " p50 (s)", Fmt.f3(stock.p50() / 1e3), Fmt.f3(fixed.p50() / 1e3),
        Fmt.ratio(stock.p50(), fixed.p50())));
    rows.add(List.of(name + " p95 (s)", Fmt.f3(stock.p95() / 1e3), Fmt.f3(fixed.p95() / 1e3),
        Fmt.ratio(stock.p95(), fixed.p95())));
    rows.add(List.of(name + " max (s)", Fmt.f3(stock.max() / 1e3), Fmt.f3(fixed.max() / 1e3),
        Fmt.ratio(stock.max(), fixed.max())));
  }

  private static void row(List<List<String>> rows, String name, long stock, long fixed, boolean ratio) {
    rows.add(List.of(name, Long.toString(stock), Long.toString(fixed), ratio ? Fmt.ratio(stock, fixed) : ""));
  }

  /** The empirical CDF at 101 evenly spaced percentiles (0 is the smallest value), x in seconds. */
  private static List<double[]> cdf(long[] nanos) {
    Percentiles percentiles = Percentiles.of(nanos);
    List<double[]> points = new ArrayList<>();
    for (int q = 0; q <= 100 && nanos.length > 0; q++) {
      points.add(new double[] {percentiles.at(q) / 1e9, q / 100.0});
    }
    return points;
  }
}
