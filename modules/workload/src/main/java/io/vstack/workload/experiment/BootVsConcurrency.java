package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's serialized-boot problem: N guests submitted at once, created by a serialized (stock xl lock) or a
 * parallel toolstack; everything else stock. One xl process per guest, 256 MiB guests, no destruction.
 */
public final class BootVsConcurrency implements Experiment {

  @Override
  public String name() {
    return "boot-vs-concurrency";
  }

  @Override
  public String description() {
    return "time to create N guests submitted at once, N = 1..256, serialized vs. parallel toolstack";
  }

  static int[] sizes(boolean quick) {
    return quick ? new int[] {1, 2, 4, 8, 16} : new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256};
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    int[] sizes = sizes(sweep.quick());
    List<Scenario> scenarios = new ArrayList<>();
    for (String mode : new String[] {"serialized", "parallel"}) {
      for (int n : sizes) {
        scenarios.add(sweep.scenario("name=boot-vs-concurrency", "toolstack.mode=" + mode,
            "workload.guests=" + n, "toolstack.workers=" + n, "guest.memory-mib=256", "workload.destroy=never"));
      }
    }
    List<ScenarioRun> runs = sweep.run(scenarios);
    List<List<String>> rows = new ArrayList<>();
    List<double[]> serialized = new ArrayList<>();
    List<double[]> parallel = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      ScenarioRun s = runs.get(i);
      ScenarioRun p = runs.get(sizes.length + i);
      double sm = s.summary().bootMakespanMs() / 1e3;
      double pm = p.summary().bootMakespanMs() / 1e3;
      serialized.add(new double[] {sizes[i], sm});
      parallel.add(new double[] {sizes[i], pm});
      rows.add(List.of(Integer.toString(sizes[i]), Fmt.f3(sm), Fmt.f3(pm), Fmt.ratio(sm, pm),
          Fmt.f1(s.summary().create().p50()), Fmt.f1(p.summary().create().p50())));
    }
    Table table = new Table(name(), "Boot storm makespan: all N guests running",
        List.of("guests", "serialized_makespan_s", "parallel_makespan_s", "serialized_over_parallel",
            "serialized_create_p50_ms", "parallel_create_p50_ms"), rows);
    Chart chart = Chart.lines(name(), "Time until N guests submitted at once are running",
        "guests submitted at once (guests)", "boot storm makespan (s)", false,
        List.of(new Series("serialized (stock xl lock)", serialized),
            new Series("parallel (fine-grained locks)", parallel)));
    double last = serialized.get(serialized.size() - 1)[1] / parallel.get(parallel.size() - 1)[1];
    return new ExperimentResult(name(), description(), List.of(table), List.of(chart), List.of(
        "Serialized: each extra guest adds one creation's locked time, so the makespan grows linearly in N.",
        "Parallel: near one boot while dom0's vCPUs keep up, then it grows with dom0 CPU saturation.",
        String.format(java.util.Locale.ROOT, "At N = %d serialized is %.1fx slower than parallel.",
            sizes[sizes.length - 1], last)));
  }
}
