package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.RunSummary;
import io.vstack.model.results.Stats;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.WorkloadDriver;
import io.vstack.workload.autoscale.AutoscaleDriver;
import io.vstack.workload.autoscale.LoadTrace;
import io.vstack.workload.vmtrace.AzureVmTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every control-plane design of {@code conf/control-planes.conf} on the same three workloads: a boot storm followed
 * by a destroy storm; the auto-scaled service of {@link Autoscale}, its load following the VM trace's CPU demand
 * ({@link LoadTrace}); and the VM trace itself replayed over hosts as {@link TraceReplay} does. One table (creation
 * and destruction latency, makespan, time to capacity, dom0 CPU) and one chart.
 */
public final class ControlPlanes implements Experiment {

  @Override
  public String name() {
    return "control-planes";
  }

  @Override
  public String description() {
    return "every design of conf/control-planes.conf on one boot+destroy storm, one trace-driven auto-scaling run "
        + "and one VM trace replay: latency p50/p95, makespan, time to capacity, dom0 CPU";
  }

  /** The trace's step (the Azure trace's 5 minutes), and the auto-scaled service's mean load. */
  private static final long TRACE_STEP_SECONDS = 300;
  private static final double MEAN_RATE = 2000;
  /** Quick runs follow the trace's first 6 hours only. */
  private static final int QUICK_STEPS = 72;

  /** The boot+destroy storm every design runs. */
  static List<String> storm(boolean quick) {
    return List.of("name=control-planes", "workload.guests=" + (quick ? 12 : 96));
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    List<ControlPlane> designs = ControlPlane.load(sweep.confFile(ControlPlane.FILE));
    List<Sweep.Job> storms = designs.stream().map(d -> new Sweep.Job(d.scenario(sweep, storm(sweep.quick())),
        (XenModel.DriverFactory) WorkloadDriver::new)).toList();
    TraceReplay.Replay replay = TraceReplay.Replay.of(sweep, sweep.scenario(TraceReplay.settings(sweep.quick())
        .toArray(String[]::new)));
    LoadTrace load = LoadTrace.fromVms(AzureVmTable.read(sweep.resolve(replay.base().workload().trace().file()), 0),
        TRACE_STEP_SECONDS, MEAN_RATE, sweep.quick() ? QUICK_STEPS : 0);
    List<Sweep.Job> jobs = new ArrayList<>();
    for (int i = 0; i < designs.size(); i++) {
      ControlPlane d = designs.get(i);
      jobs.add(storms.get(i));
      jobs.add(Autoscale.job(Autoscale.scenario(sweep, d.settings()), load));
      jobs.addAll(replay.jobs(d.scenario(sweep, TraceReplay.settings(sweep.quick()))));
    }
    int hosts = replay.hosts();
    List<ScenarioRun> runs = sweep.runJobs(jobs);
    int perDesign = 2 + hosts;
    List<List<String>> rows = new ArrayList<>();
    List<List<String>> about = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<double[]> createP95 = new ArrayList<>();
    List<double[]> destroyP95 = new ArrayList<>();
    List<double[]> ttcP95 = new ArrayList<>();
    String fastest = null;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < designs.size(); i++) {
      ControlPlane d = designs.get(i);
      RunSummary s = runs.get(perDesign * i).summary();
      AutoscaleDriver.Metrics scaled = Autoscale.metrics(runs.get(perDesign * i + 1));
      TraceReplay.Outcome traced = TraceReplay.outcome(runs.subList(perDesign * i + 2, perDesign * (i + 1)));
      Stats ttc = Stats.ofNanos(scaled.timeToCapacityNs());
      double makespan = s.bootMakespanMs() + s.destroyMakespanMs();
      if (makespan < best) {
        best = makespan;
        fastest = d.name();
      }
      rows.add(List.of(d.name(), Fmt.f1(s.create().p50()), Fmt.f1(s.create().p95()), Fmt.f1(s.destroy().p50()),
          Fmt.f1(s.destroy().p95()), Fmt.f3(Math.max(s.destroyMakespanMs(), s.memoryCleanMs()) / 1e3),
          Fmt.f3(makespan / 1e3), Fmt.f3(ttc.p50() / 1e3), Fmt.f3(ttc.p95() / 1e3),
          Fmt.f1(scaled.droppedRequests()), Fmt.f3(traced.boot().p95() / 1e3),
          Fmt.f3(traced.capacity().p95() / 1e3), Fmt.f3((s.dom0CpuMs() + s.xenstoredCpuMs()) / 1e3),
          Fmt.f3(s.scrubCpuMs() / 1e3)));
      about.add(List.of(d.name(), d.description(), d.source(), String.join(" ", d.settings())));
      names.add(d.name());
      createP95.add(new double[] {i, s.create().p95() / 1e3});
      destroyP95.add(new double[] {i, s.destroy().p95() / 1e3});
      ttcP95.add(new double[] {i, ttc.p95() / 1e3});
    }
    int guests = runs.get(0).scenario().workload().guests();
    Table table = new Table(name(), String.format(Locale.ROOT, "Each design on a boot storm then a destroy storm "
            + "of %d guests, on the service auto-scaled under the trace's CPU demand (%d s, mean %.0f req/s, peak %.0f) "
            + "and on the VM trace (%d VMs over %d hosts)", guests, load.durationNs() / 1_000_000_000L, MEAN_RATE,
        load.peak(), replay.vms().size(), hosts),
        List.of("design", "create_p50_ms", "create_p95_ms", "destroy_p50_ms", "destroy_p95_ms", "memory_clean_s",
            "storm_makespan_s", "time_to_capacity_p50_s", "time_to_capacity_p95_s", "requests_dropped",
            "trace_boot_p95_s", "trace_capacity_p95_s", "dom0_cpu_s", "scrub_cpu_s"),
        rows);
    Table designsTable = new Table(name() + "-designs", "The designs (conf/control-planes.conf)",
        List.of("design", "description", "source", "settings"), about);
    Chart chart = Chart.barPanels(name(), "Creation, destruction and time-to-capacity p95 by design", "design",
        "s", names, List.of(new Series("create p95", createP95), new Series("destroy p95", destroyP95),
            new Series("time to capacity p95", ttcP95)));
    return new ExperimentResult(name(), description(), List.of(table, designsTable), List.of(chart), List.of(
        "Shortest boot+destroy storm (until the last xl destroy returned): " + fastest + ".",
        "Destroy latency is until xl destroy returned: with synchronous scrubbing its memory is clean by then; "
            + "with idle scrubbing it is not, and memory_clean_s says when it was (from the first destroy request).",
        "dom0 CPU is the storm's toolstack, hypercall and hotplug work on dom0's vCPUs plus xenstored's service "
            + "time; scrub CPU is the time any pCPU spent zeroing freed memory."));
  }
}
