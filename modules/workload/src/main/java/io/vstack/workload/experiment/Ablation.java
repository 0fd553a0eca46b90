package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import io.vstack.workload.ScenarioRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Stock, each fix alone, each pair and all three on the default boot+destroy storm, with speed-ups over stock. */
public final class Ablation implements Experiment {

  @Override
  public String name() {
    return "ablation";
  }

  @Override
  public String description() {
    return "stock, each fix alone, each pair, all three, on a boot+destroy storm; a table of speed-ups";
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    Scenario base = sweep.quick() ? sweep.scenario("workload.guests=8") : sweep.scenario();
    List<Scenario> scenarios = new ArrayList<>();
    for (int mask = 0; mask < 8; mask++) {
      scenarios.add(base.with(base.switches().withFixes((mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0)));
    }
    List<ScenarioRun> runs = sweep.run(scenarios);
    RunSummary stock = runs.get(0).summary();
    double stockTotal = total(stock);
    List<List<String>> rows = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    List<double[]> boot = new ArrayList<>();
    List<double[]> destroy = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      RunSummary s = runs.get(i).summary();
      categories.add(s.configuration());
      boot.add(new double[] {i, s.bootMakespanMs() / 1e3});
      destroy.add(new double[] {i, s.destroyMakespanMs() / 1e3});
      rows.add(List.of(s.configuration(), Fmt.f3(s.bootMakespanMs() / 1e3), Fmt.f3(s.destroyMakespanMs() / 1e3),
          Fmt.f3(total(s) / 1e3), Fmt.ratio(stock.bootMakespanMs(), s.bootMakespanMs()),
          Fmt.ratio(stock.destroyMakespanMs(), s.destroyMakespanMs()), Fmt.ratio(stockTotal, total(s))));
    }
    Table table = new Table(name(), "Boot storm then destroy storm of " + base.workload().guests() + " guests",
        List.of("configuration", "boot_makespan_s", "destroy_makespan_s", "total_s", "boot_speedup",
            "destroy_speedup", "total_speedup"), rows);
    Chart chart = Chart.bars(name(), "Boot and destroy storm makespans by configuration", "configuration",
        "makespan (s)", categories, List.of(new Series("boot storm", boot), new Series("destroy storm", destroy)));
    return new ExperimentResult(name(), description(), List.of(table), List.of(chart), List.of(
        String.format(Locale.ROOT, "All three fixes: %.2fx faster than stock over the whole boot+destroy storm.",
            stockTotal / total(runs.get(7).summary())),
        "Parallel boot speeds up creation, local scrubbing destruction; the cache alone gains little on an "
            + "empty host because few domains are running when each name lookup runs."));
  }

  private static double total(RunSummary s) {
    return s.bootMakespanMs() + s.destroyMakespanMs();
  }
}
