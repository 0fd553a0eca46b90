package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import io.vstack.charts.Series;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.workload.ScenarioRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's scrubbing problem: how long destroying a guest takes (until its memory is reusable) as its memory
 * grows, for a guest on dom0's node and one on the other node, with remote (stock) or local scrubbing; and
 * destroy storms of N guests.
 */
public final class DestroyVsMemory implements Experiment {

  @Override
  public String name() {
    return "destroy-vs-memory";
  }

  @Override
  public String description() {
    return "destruction until memory is reusable vs. guest memory and NUMA placement, remote vs. local scrubbing; "
        + "destroy storms of N guests";
  }

  @Override
  public ExperimentResult run(Sweep sweep) {
    int[] gib = sweep.quick() ? new int[] {1, 2, 4} : new int[] {1, 2, 4, 8, 16, 32};
    int[] storms = sweep.quick() ? new int[] {1, 2, 4, 8} : new int[] {1, 2, 4, 8, 16, 32};
    List<Scenario> scenarios = new ArrayList<>();
    for (String placement : new String[] {"remote", "local"}) {
      for (int g : gib) {
        scenarios.add(sweep.scenario("name=destroy-vs-memory", "workload.guests=2", "toolstack.workers=1",
            "guest.memory-mib=" + g * 1024, "scrub.placement=" + placement));
      }
    }
    for (String placement : new String[] {"remote", "local"}) {
      for (int n : storms) {
        scenarios.add(sweep.scenario("name=destroy-storm", "workload.guests=" + n, "toolstack.workers=" + n,
            "toolstack.mode=parallel", "guest.memory-mib=1024", "scrub.placement=" + placement));
      }
    }
    List<ScenarioRun> runs = sweep.run(scenarios);
    List<List<String>> rows = new ArrayList<>();
    List<double[]> remoteOther = new ArrayList<>();
    List<double[]> remoteHome = new ArrayList<>();
    List<double[]> localOther = new ArrayList<>();
    for (int i = 0; i < gib.length; i++) {
      double[] remote = destroySeconds(runs.get(i));
      double[] local = destroySeconds(runs.get(gib.length + i));
      remoteHome.add(new double[] {gib[i], remote[0]});
      remoteOther.add(new double[] {gib[i], remote[1]});
      localOther.add(new double[] {gib[i], local[1]});
      rows.add(List.of(Integer.toString(gib[i]), Fmt.f3(remote[0]), Fmt.f3(remote[1]), Fmt.f3(local[0]),
          Fmt.f3(local[1]), Fmt.ratio(remote[1], local[1])));
    }
    Table bySize = new Table(name(), "Destroying one guest (its own xl destroy, until its memory is reusable)",
        List.of("guest_gib", "remote_scrub_node0_s", "remote_scrub_node1_s", "local_scrub_node0_s",
            "local_scrub_node1_s", "node1_remote_over_local"), rows);
    List<List<String>> stormRows = new ArrayList<>();
    List<double[]> stormRemote = new ArrayList<>();
    List<double[]> stormLocal = new ArrayList<>();
    int base = 2 * gib.length;
    for (int i = 0; i < storms.length; i++) {
      double r = runs.get(base + i).summary().destroyMakespanMs() / 1e3;
      double l = runs.get(base + storms.length + i).summary().destroyMakespanMs() / 1e3;
      stormRemote.add(new double[] {storms[i], r});
      stormLocal.add(new double[] {storms[i], l});
      stormRows.add(List.of(Integer.toString(storms[i]), Fmt.f3(r), Fmt.f3(l), Fmt.ratio(r, l)));
    }
    Table storm = new Table("destroy-storm", "Destroy storm of N 1-GiB guests (parallel toolstack): makespan",
        List.of("guests", "remote_scrub_makespan_s", "local_scrub_makespan_s", "remote_over_local"), stormRows);
    Chart sizeChart = Chart.logLog(name(), "Destroying one guest until its memory is reusable", "guest memory (GiB)",
        "destroy time (s)", List.of(new Series("remote scrubbing, guest on node 1", remoteOther),
            new Series("remote scrubbing, guest on dom0's node 0", remoteHome),
            new Series("local scrubbing, guest on node 1", localOther)));
    Chart stormChart = Chart.logLog("destroy-storm", "Destroy storm of N guests (1 GiB each)",
        "guests destroyed at once (guests)", "destroy storm makespan (s)",
        List.of(new Series("remote scrubbing (stock)", stormRemote), new Series("local scrubbing", stormLocal)));
    double[] big = destroySeconds(runs.get(gib.length - 1));
    double[] bigLocal = destroySeconds(runs.get(2 * gib.length - 1));
    return new ExperimentResult(name(), description(), List.of(bySize, storm), List.of(sizeChart, stormChart),
        List.of(String.format(Locale.ROOT, "A %d GiB guest on node 1: %.2f s with remote scrubbing, %.2f s with "
                + "local scrubbing (%.1fx).", gib[gib.length - 1], big[1], bigLocal[1], big[1] / bigLocal[1]),
            "Remote scrubbing of a guest on dom0's own node is local memory but still one CPU: the node-0 and "
                + "node-1 curves coincide while the interconnect is wider than what one core scrubs."));
  }

  /** Service time of the destroys of guest 0 (node 0) and guest 1 (node 1), in seconds. */
  private static double[] destroySeconds(ScenarioRun run) {
    double[] out = new double[2];
    for (OperationResult r : RunSummary.operations(run.model())) {
      if (r.operation().kind() == Operation.Kind.destroy && r.operation().guest() < 2) {
        out[r.operation().guest()] = (r.finishedAt() - r.startedAt()) / 1e9;
      }
    }
    return out;
  }
}
