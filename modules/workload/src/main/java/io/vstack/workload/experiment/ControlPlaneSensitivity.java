package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.results.RunSummary;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.WorkloadDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * Which control-plane design wins as the host (pCPUs per node, NUMA nodes) and the guests (memory, devices) grow:
 * the boot storm and the destroy storm of every design at each point of four one-dimensional sweeps around the
 * default scenario.
 */
public final class ControlPlaneSensitivity implements Experiment {

  /** One swept dimension: its name, the scenario keys it sets to each value, its values, what they are, unit. */
  private record Dimension(String name, List<String> keys, int[] values, int[] quickValues, String label,
      String unit) {
    List<String> settings(int value) {
      return keys.stream().map(k -> k + "=" + value).toList();
    }

    String axis() {
      return label + " (" + unit + ")";
    }
  }

  private static final List<Dimension> DIMENSIONS = List.of(
      new Dimension("pcpus-per-node", List.of("hosts.paper-2socket.pcpus-per-node"), new int[] {6, 12, 24, 48},
          new int[] {6, 24}, "pCPUs per NUMA node", "pCPUs"),
      new Dimension("numa-nodes", List.of("hosts.paper-2socket.nodes"), new int[] {1, 2, 4, 8}, new int[] {1, 4},
          "NUMA nodes", "nodes"),
      new Dimension("guest-memory", List.of("guest.memory-mib"), new int[] {256, 1024, 2048, 4096},
          new int[] {256, 4096}, "guest memory", "MiB"),
      new Dimension("guest-devices", List.of("guest.vifs", "guest.vbds"), new int[] {1, 2, 4, 8}, new int[] {1, 8},
          "vifs and vbds per guest", "devices of each kind"));

  @Override
  public String name() {
    return "control-plane-sensitivity";
  }

  @Override
  public String description() {
    return "every design's boot storm and destroy storm as pCPUs, NUMA nodes, guest memory and devices grow: who "
        + "wins where";
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    List<ControlPlane> designs = ControlPlane.load(sweep.confFile(ControlPlane.FILE));
    List<String> base = List.of("name=control-plane-sensitivity", "workload.guests=" + (sweep.quick() ? 6 : 24));
    List<Sweep.Job> jobs = new ArrayList<>();
    for (Dimension dim : DIMENSIONS) {
      for (int value : values(dim, sweep)) {
        List<String> settings = new ArrayList<>(base);
        settings.addAll(dim.settings(value));
        designs.forEach(d -> jobs.add(new Sweep.Job(d.scenario(sweep, settings),
            WorkloadDriver::new)));
      }
    }
    List<ScenarioRun> runs = sweep.runJobs(jobs);
    List<String> header = new ArrayList<>(List.of("dimension", "value", "phase"));
    designs.forEach(d -> header.add(d.name() + "_s"));
    header.add("fastest");
    List<List<String>> rows = new ArrayList<>();
    List<Chart> charts = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    int at = 0;
    for (Dimension dim : DIMENSIONS) {
      int[] values = values(dim, sweep);
      List<RunSummary> summaries = new ArrayList<>();
      for (int i = 0; i < values.length * designs.size(); i++) {
        summaries.add(runs.get(at++).summary());
      }
      for (Storm storm : Storm.values()) {
        List<List<double[]>> points = new ArrayList<>();
        designs.forEach(d -> points.add(new ArrayList<>()));
        List<String> winners = new ArrayList<>();
        for (int v = 0; v < values.length; v++) {
          List<String> row = new ArrayList<>(List.of(dim.name(), Integer.toString(values[v]), storm.label));
          int winner = 0;
          double best = Double.MAX_VALUE;
          for (int d = 0; d < designs.size(); d++) {
            double seconds = storm.seconds(summaries.get(v * designs.size() + d));
            points.get(d).add(new double[] {values[v], seconds});
            row.add(Fmt.f3(seconds));
            if (seconds < best) {
              best = seconds;
              winner = d;
            }
          }
          row.add(designs.get(winner).name());
          winners.add(values[v] + ": " + designs.get(winner).name());
          rows.add(row);
        }
        List<Series> series = new ArrayList<>();
        for (int d = 0; d < designs.size(); d++) {
          series.add(new Series(designs.get(d).name(), points.get(d)));
        }
        charts.add(Chart.lines(name() + "-" + dim.name() + "-" + storm.label, storm.title + " vs. " + dim.label(),
            dim.axis(), storm.title + " (s)", true, series));
        findings.add(storm.title + ", fastest by " + dim.label() + ": " + String.join(", ", winners) + ".");
      }
    }
    findings.add("Designs with the same result draw on top of each other in the charts; the table lists every value.");
    Table table = new Table(name(), "Boot storm makespan and destroy storm until memory is clean (s) of each design, "
        + "one dimension varied at a time around the default scenario (" + base.get(1) + ")", header, rows);
    return new ExperimentResult(name(), description(), List.of(table), charts, findings);
  }

  /**
   * What is compared: the boot storm, and the destroy storm until its memory is clean again — not until the last
   * {@code xl destroy} returned, which would reward a design for leaving the scrubbing to later.
   */
  private enum Storm {
    boot("boot storm makespan"),
    destroy("destroy storm until memory clean");

    final String label = name();
    final String title;

    Storm(String title) {
      this.title = title;
    }

    double seconds(RunSummary s) {
      return (this == boot ? s.bootMakespanMs() : Math.max(s.destroyMakespanMs(), s.memoryCleanMs())) / 1e3;
    }
  }

  private static int[] values(Dimension dim, Sweep sweep) {
    return sweep.quick() ? dim.quickValues() : dim.values();
  }
}
