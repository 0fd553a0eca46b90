package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.workload.ScenarioRun;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's Xenstore problem: the creation time of one guest as a function of how many guests already run.
 * Guests are created one at a time by one xl process, so creation k finds k guests running; cache off vs. on.
 */
public final class BootVsRunning implements Experiment {

  @Override
  public String name() {
    return "boot-vs-running";
  }

  @Override
  public String description() {
    return "creation time of one guest vs. guests already running (0..1,000), Xenstore cache off vs. on";
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    int max = sweep.quick() ? 200 : 1000;
    int step = sweep.quick() ? 25 : 50;
    List<ScenarioRun> runs = sweep.run(List.of(scenario(sweep, max, "off"), scenario(sweep, max, "on")));
    long[] off = serviceTimes(runs.get(0), max + 1);
    long[] on = serviceTimes(runs.get(1), max + 1);
    List<List<String>> rows = new ArrayList<>();
    List<double[]> offPoints = new ArrayList<>();
    List<double[]> onPoints = new ArrayList<>();
    for (int running = 0; running <= max; running += step) {
      double a = off[running] / 1e6;
      double b = on[running] / 1e6;
      offPoints.add(new double[] {running, a});
      onPoints.add(new double[] {running, b});
      rows.add(List.of(Integer.toString(running), Fmt.f3(a), Fmt.f3(b), Fmt.ratio(a, b)));
    }
    Table table = new Table(name(), "Creation time (xl create, excluding queueing) with guests already running",
        List.of("running_guests", "create_ms_cache_off", "create_ms_cache_on", "off_over_on"), rows);
    Chart chart = Chart.lines(name(), "Creating one guest while others run", "guests already running (guests)",
        "creation time (ms)", false, List.of(new Series("Xenstore cache off (stock)", offPoints),
            new Series("Xenstore cache on", onPoints)));
    double perDomain = (off[max] - off[0]) / 1e3 / max;
    double cachedGrowth = (on[max] - on[0]) / 1e6;
    return new ExperimentResult(name(), description(), List.of(table), List.of(chart), List.of(
        String.format(java.util.Locale.ROOT, "Without the cache each running guest adds %.0f us to a creation "
            + "(every name lookup lists all domains and reads each name).", perDomain),
        String.format(java.util.Locale.ROOT, "With the cache the creation time changes by %.2f ms from 0 to %d "
            + "running guests.", cachedGrowth, max)));
  }

  private static io.vstack.model.config.Scenario scenario(Sweep sweep, int max, String cache) {
    return sweep.scenario("name=boot-vs-running", "workload.guests=" + (max + 1), "workload.pattern=one-at-a-time",
        "toolstack.workers=1", "guest.memory-mib=64", "workload.destroy=never", "xenstore.cache=" + cache);
  }

  /** Each creation's time from start to xl create returning, by how many guests were running then. */
  private static long[] serviceTimes(ScenarioRun run, int guests) {
    long[] out = new long[guests];
    for (OperationResult r : RunSummary.operations(run.model())) {
      if (r.operation().kind() == Operation.Kind.create) {
        if (!r.ok()) {
          throw new IllegalStateException("creation of guest " + r.operation().guest() + " failed: " + r.failure());
        }
        out[r.operation().guest()] = r.finishedAt() - r.startedAt();
      }
    }
    return out;
  }
}
