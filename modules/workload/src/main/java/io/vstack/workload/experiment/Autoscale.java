package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.Stats;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.autoscale.AutoscaleDriver;
import io.vstack.workload.autoscale.Load;
import io.vstack.workload.autoscale.LoadCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's auto-scaling macro-benchmark: a service on one host under a diurnal load with flash-crowd bursts,
 * scaled every 10 s to 70% utilization, stock vs. all fixes. Slow creation shows up as requests the service
 * could not serve while the scaler waited for VMs.
 */
public final class Autoscale implements Experiment {
  private static final long SECOND = 1_000_000_000L;
  private static final double PER_VM = 100;
  private static final double TARGET = 0.7;
  /** The overview chart's sampling period, and the zoomed chart's window around the worst scale-out. */
  private static final long CHART_STEP = 20 * SECOND;
  private static final long ZOOM = 120 * SECOND;
  private static final long ZOOM_BEFORE = 20 * SECOND;

  @Override
  public String name() {
    return "autoscale";
  }

  @Override
  public String description() {
    return "a service under a diurnal+bursty load with an auto-scaler: SLO violation, dropped requests, "
        + "over-provisioning and time to capacity, stock vs. all fixes";
  }

  /** The load: a diurnal curve around 2,000 req/s with flash-crowd bursts, over 2 h (30 min when quick). */
  static LoadCurve load(boolean quick) {
    long duration = (quick ? 1800 : 7200) * SECOND;
    return LoadCurve.of(2000, 0.5, duration / 2, quick ? 2 : 4, 3.0, 300 * SECOND, duration, 7);
  }

  /** The auto-scaled service's host and guests, with {@code settings} (e.g. a design's) before the user's. */
  static Scenario scenario(Sweep sweep, List<String> settings) {
    List<String> all = new ArrayList<>(List.of("name=autoscale", "guest.memory-mib=512", "toolstack.workers=32",
        "workload.guests=" + (sweep.quick() ? 600 : 2000), "workload.destroy=never"));
    all.addAll(settings);
    return sweep.scenario(all.toArray(String[]::new));
  }

  /** {@code scenario} driven by the auto-scaler under {@code load}. */
  static Sweep.Job job(Scenario scenario, Load load) {
    return new Sweep.Job(scenario, (layout, sc) -> new AutoscaleDriver(layout, sc, load, PER_VM, TARGET,
        10 * SECOND));
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    LoadCurve load = load(sweep.quick());
    long duration = load.durationNs();
    Scenario base = scenario(sweep, List.of());
    List<Sweep.Job> jobs = new ArrayList<>();
    for (boolean fixed : new boolean[] {false, true}) {
      jobs.add(job(base.with(base.switches().withFixes(fixed, fixed, fixed)), load));
    }
    List<ScenarioRun> runs = sweep.runJobs(jobs);
    AutoscaleDriver.Metrics stock = metrics(runs.get(0));
    AutoscaleDriver.Metrics fixed = metrics(runs.get(1));
    Stats stockTtc = Stats.ofNanos(stock.timeToCapacityNs());
    Stats fixedTtc = Stats.ofNanos(fixed.timeToCapacityNs());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("requests dropped", Fmt.f1(stock.droppedRequests()), Fmt.f1(fixed.droppedRequests()),
        Fmt.ratio(stock.droppedRequests(), fixed.droppedRequests())));
    rows.add(List.of("SLO violation (s)", Fmt.f1(stock.violationSeconds()), Fmt.f1(fixed.violationSeconds()),
        Fmt.ratio(stock.violationSeconds(), fixed.violationSeconds())));
    rows.add(List.of("over-provisioned VM-seconds", Fmt.f1(stock.overProvisionedVmSeconds()),
        Fmt.f1(fixed.overProvisionedVmSeconds()), Fmt.ratio(stock.overProvisionedVmSeconds(),
            fixed.overProvisionedVmSeconds())));
    rows.add(List.of("time to capacity p50 (s)", Fmt.f3(stockTtc.p50() / 1e3), Fmt.f3(fixedTtc.p50() / 1e3),
        Fmt.ratio(stockTtc.p50(), fixedTtc.p50())));
    rows.add(List.of("time to capacity p95 (s)", Fmt.f3(stockTtc.p95() / 1e3), Fmt.f3(fixedTtc.p95() / 1e3),
        Fmt.ratio(stockTtc.p95(), fixedTtc.p95())));
    rows.add(List.of("time to capacity max (s)", Fmt.f3(stockTtc.max() / 1e3), Fmt.f3(fixedTtc.max() / 1e3),
        Fmt.ratio(stockTtc.max(), fixedTtc.max())));
    rows.add(List.of("scale-outs", Integer.toString(stock.scaleOuts()), Integer.toString(fixed.scaleOuts()), ""));
    rows.add(List.of("VMs created", Integer.toString(stock.guestsUsed()), Integer.toString(fixed.guestsUsed()), ""));
    Table table = new Table(name(), String.format(Locale.ROOT, "Auto-scaled service: %.0f req/s mean, +/-50%% "
            + "diurnal, x3 bursts of 5 min, %.0f req/s per VM, target %.0f%% utilization, %d s",
        load.base(), PER_VM, TARGET * 100, duration / SECOND), List.of("metric", "stock", "all_fixes", "speedup"),
        rows);
    Chart overview = capacityChart("autoscale-load", "VMs the load calls for, and VMs serving: stock vs. all fixes",
        load, stock, fixed, 0, duration, CHART_STEP);
    long worst = worstShortfall(load, stock);
    long from = Math.max(0, worst - ZOOM_BEFORE);
    Chart zoom = capacityChart("autoscale-worst-scale-out", String.format(Locale.ROOT,
            "The stock configuration's largest shortfall (at %.1f min), second by second", worst / 60e9),
        load, stock, fixed, from, Math.min(duration, from + ZOOM), SECOND);
    return new ExperimentResult(name(), description(), List.of(table), List.of(overview, zoom), List.of(
        String.format(Locale.ROOT, "Requests dropped while scaling: %.1fx fewer with all fixes; time to capacity "
                + "p95 %.1fx shorter.", stock.droppedRequests() / Math.max(1, fixed.droppedRequests()),
            stockTtc.p95() / Math.max(1e-9, fixedTtc.p95())),
        "The paper reports more than 4x under high load; see docs/fidelity.md for how vstack's numbers compare."));
  }

  /** VMs needed at target utilization and VMs serving in each configuration, from {@code from} to {@code to}. */
  private static Chart capacityChart(String file, String title, LoadCurve load, AutoscaleDriver.Metrics stock,
      AutoscaleDriver.Metrics fixed, long from, long to, long step) {
    boolean minutes = to - from > ZOOM;
    double unit = minutes ? 60e9 : 1e9;
    List<double[]> needed = new ArrayList<>();
    List<double[]> stockServing = new ArrayList<>();
    List<double[]> fixedServing = new ArrayList<>();
    for (long t = from; t < to; t += step) {
      int second = (int) (t / SECOND);
      needed.add(new double[] {t / unit, Math.ceil(load.at(t) / PER_VM / TARGET)});
      stockServing.add(new double[] {t / unit, stock.runningEachSecond()[second]});
      fixedServing.add(new double[] {t / unit, fixed.runningEachSecond()[second]});
    }
    return Chart.lines(file, title, minutes ? "time (min)" : "time (s)", "VMs (count)", false, List.of(
        new Series("VMs needed at target utilization", needed), new Series("VMs serving, stock", stockServing),
        new Series("VMs serving, all fixes", fixedServing)));
  }

  /** The second at which the stock configuration served the fewest VMs below what the load called for. */
  private static long worstShortfall(LoadCurve load, AutoscaleDriver.Metrics stock) {
    int[] serving = stock.runningEachSecond();
    int worst = 0;
    double most = -1;
    for (int second = 0; second < serving.length; second++) {
      double shortfall = Math.ceil(load.at(second * SECOND) / PER_VM / TARGET) - serving[second];
      if (shortfall > most) {
        most = shortfall;
        worst = second;
      }
    }
    return worst * SECOND;
  }

  static AutoscaleDriver.Metrics metrics(ScenarioRun run) {
    return run.model().component(run.model().layout().driver(), AutoscaleDriver.class).metrics();
  }
}
