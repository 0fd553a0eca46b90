package io.vstack.cli.bench;

import io.vstack.cli.ConfDir;
import io.vstack.cli.Engine;
import io.vstack.cli.EngineOptions;
import io.vstack.cli.FleetRunner;
import io.vstack.cli.InputError;
import io.vstack.workload.fleet.FleetRun;
import io.vstack.workload.fleet.FleetScenario;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench fleet}: fleets of growing size under a synthetic Azure-like trace, then a dense workload (a
 * mass boot and an evacuation of many hosts at once), on every executor.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    description = "Fleets of growing size (conf/scenarios/fleet-small.conf with a synthetic Azure-like trace of "
        + "--vms-per-host VMs per host over a day), then dense fleets (conf/scenarios/fleet-evacuation.conf: "
        + "--dense-vms-per-host VMs per host booted at once, then --dense-drain %% of the hosts evacuated) on every "
        + "executor: events, windows, events per window, wall time, events/s, ratio to the sequential executor, "
        + "peak heap, sequence hash; with --cluster-hosts, a fleet on 3 member JVMs of a capped heap that one such "
        + "JVM cannot hold.")
public final class FleetBench implements Callable<Integer> {
  private static final int WARM_UP_HOSTS = 200;

  @Mixin
  private EngineOptions engineOptions;

  @Option(names = "--hosts", split = ",", defaultValue = "100,1000,10000",
      description = "fleet sizes (default: ${DEFAULT-VALUE}; 0: none)")
  private int[] hosts;

  @Option(names = "--vms-per-host", defaultValue = "4", description = "VMs in the trace per host (default: "
      + "${DEFAULT-VALUE})")
  private int vmsPerHost;

  @Option(names = "--dense-hosts", split = ",", defaultValue = "1000",
      description = "dense fleet sizes (default: ${DEFAULT-VALUE}; 0: none)")
  private int[] denseHosts;

  @Option(names = "--dense-vms-per-host", defaultValue = "40", description = "VMs each dense fleet's hosts boot at "
      + "once (default: ${DEFAULT-VALUE})")
  private int denseVmsPerHost;

  @Option(names = "--dense-drain", defaultValue = "25", description = "percentage of a dense fleet's hosts "
      + "evacuated (default: ${DEFAULT-VALUE})")
  private int denseDrain;

  @Option(names = "--executors", split = ",", defaultValue = "sequential,partitioned,actor",
      description = "executors to run (default: ${DEFAULT-VALUE}); the first is the ratios' reference")
  private List<Engine.ExecutorKind> executors;

  @Option(names = "--rounds", defaultValue = "2", description = "times each fleet runs on every executor, the order "
      + "of the executors reversed every other round; a row gives the mean wall time (default: ${DEFAULT-VALUE}: "
      + "whichever executor runs first in a JVM is slower, by up to a third)")
  private int rounds;

  @Option(names = "--cluster-hosts", defaultValue = "0", description = "then a cluster section: a fleet of this many "
      + "hosts run on 3 member JVMs of --member-heap each, after one JVM of that heap tried --alone-hosts hosts "
      + "(default: ${DEFAULT-VALUE}, none)")
  private int clusterHosts;

  @Option(names = "--alone-hosts", defaultValue = "0", description = "the fleet one JVM of --member-heap tries alone "
      + "(default: 40%% of --cluster-hosts, so that its running out of memory and the cluster holding "
      + "--cluster-hosts shows the cluster holds 2.5x what one JVM does)")
  private int aloneHosts;

  @Option(names = "--member-heap", defaultValue = "1g", description = "the heap of each JVM of the cluster section "
      + "(default: ${DEFAULT-VALUE})")
  private String memberHeap;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "scenario overrides on top of the bench's")
  private List<String> overrides = new ArrayList<>();

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (vmsPerHost <= 0 || denseVmsPerHost <= 0) {
      throw new InputError("--vms-per-host and --dense-vms-per-host must be > 0");
    }
    if (clusterHosts < 0 || aloneHosts < 0 || (aloneHosts > 0 && clusterHosts == 0)) {
      throw new InputError("--cluster-hosts and --alone-hosts must be >= 0, and --alone-hosts needs --cluster-hosts");
    }
    Rounds.check(executors, rounds);
    if (denseDrain <= 0 || denseDrain >= 100) {
      throw new InputError("--dense-drain: " + denseDrain + " must be a percentage within 1 .. 99");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean agree = true;
    try (Engine engine = engineOptions.start()) {
      out.printf("vstack bench fleet: fleet-small's hosts, a synthetic trace of %d VMs per host over a day; engine "
          + "threads %d, partitions %d (actor executor %d), max heap %.1f GiB%n", vmsPerHost, engine.threads(),
          engine.partitions(Engine.ExecutorKind.partitioned, Engine.Shape.fleet),
          engine.partitions(Engine.ExecutorKind.actor, Engine.Shape.fleet),
          Runtime.getRuntime().maxMemory() / (double) (1L << 30));
      out.printf("(events: the engine's, each a host's wake-up or a message; host events: the hosts' nested "
          + "components' events; per window and events/s: both; wall s: the mean of %d round(s), the executors' "
          + "order reversed every other round, since whichever runs first in a JVM is slower)%n", rounds);
      List<FleetScenario> churn = Arrays.stream(hosts).filter(n -> n > 0).mapToObj(this::churn).toList();
      warmUp(engine);
      agree &= table(out, engine, churn);
      List<FleetScenario> dense = Arrays.stream(denseHosts).filter(n -> n > 0).mapToObj(this::dense).toList();
      if (!dense.isEmpty()) {
        out.printf("%ndense: fleet-evacuation's %d VMs per host asked for at once, %d%% of the hosts evacuated at "
            + "600 s%n", denseVmsPerHost, denseDrain);
        agree &= table(out, engine, dense);
      }
      if (!churn.isEmpty() || !dense.isEmpty()) {
        out.println(agree ? "\nall executors agree and every host kept its invariants"
            : "\nEXECUTORS DISAGREE OR INVARIANTS VIOLATED");
      }
    }
    if (clusterHosts > 0) {
      int alone = aloneHosts > 0 ? aloneHosts : Math.max(1, (int) Math.ceil(clusterHosts / 2.5));
      agree &= FleetClusterBench.run(churn(clusterHosts), alone, settings(alone), memberHeap, out);
    }
    return agree ? 0 : 1;
  }

  /**
   * Runs a small churn fleet and a small dense one on every executor, unshown, so that the first executor of a
   * table does not pay for compiling the model's code while the others find it compiled.
   */
  private void warmUp(Engine engine) {
    for (Engine.ExecutorKind kind : executors) {
      FleetRun.run(churn(WARM_UP_HOSTS), engine.of(kind, Engine.Shape.fleet));
      FleetRun.run(dense(WARM_UP_HOSTS), engine.of(kind, Engine.Shape.fleet));
    }
  }

  /** Runs each of {@code fleets} on every executor, a row each; whether they agreed and kept their invariants. */
  private boolean table(PrintWriter out, Engine engine, List<FleetScenario> fleets) {
    boolean agree = true;
    if (fleets.isEmpty()) {
      return agree;
    }
    out.printf("%n%-7s %-12s %12s %12s %9s %10s %9s %10s %7s %9s %6s %5s  %s%n", "hosts", "executor", "events",
        "host events", "windows", "per window", "wall s", "events/s", "ratio", "peak MiB", "ran", "fail",
        "sequence hash");
    out.flush();
    for (FleetScenario scenario : fleets) {
      int n = scenario.fleet().hosts();
      Rounds.Result<Row> result = Rounds.of(executors, rounds,
          kind -> Measured.of(() -> Row.of(FleetRun.run(scenario, engine.of(kind, Engine.Shape.fleet)))),
          row -> List.of(row.hash(), row.kept()));
      Map<Engine.ExecutorKind, Measured<Row>> rows = result.legs();
      agree &= result.agreed() && rows.get(executors.get(0)).value().kept();
      double referenceWall = rows.get(executors.get(0)).wallSeconds();
      for (Engine.ExecutorKind kind : executors) {
        Row row = rows.get(kind).value();
        double wall = rows.get(kind).wallSeconds();
        long all = row.events() + row.hostEvents();
        out.printf("%-7d %-12s %,12d %,12d %,9d %10s %9.2f %10s %6.2fx %9d %6d %5d  %016x%s%n", n,
            engine.of(kind, Engine.Shape.fleet).name(), row.events(), row.hostEvents(), row.windows(),
            row.windows() == 0 ? "-" : String.format("%,.0f", all / (double) row.windows()), wall,
            EngineBench.rate(all / wall), referenceWall / wall, rows.get(kind).peakMib(), row.ran(), row.failed(),
            row.hash(), row.kept() ? "" : "  INVARIANTS VIOLATED");
        out.flush();
      }
    }
    return agree;
  }

  /** The settings of the bench's churn fleet of {@code n} hosts, on top of fleet-small, then the user's. */
  private List<String> settings(int n) {
    List<String> all = new ArrayList<>(List.of("name=bench-fleet-" + n, "fleet.hosts=" + n,
        "fleet.trace.source=synthetic", "fleet.trace.synthetic-vms=" + n * vmsPerHost,
        "fleet.host-slots=" + Math.max(16, 4 * vmsPerHost), "toolstack.workers=8"));
    all.addAll(overrides);
    return all;
  }

  private FleetScenario churn(int n) {
    return FleetRunner.load(ConfDir.find().resolve("scenarios/fleet-small.conf"), settings(n), null);
  }

  /**
   * fleet-evacuation at {@code n} hosts, one image store per 100 hosts as it has, and its 16 scheduler workers for up
   * to 1,000 hosts, one more per 62.5 hosts beyond (assumption: a larger cloud runs more schedulers side by side,
   * which Nova's claims in Placement allow); with 16 for any fleet the placement rate, not the fleet, would set how
   * many hosts build at once.
   */
  private FleetScenario dense(int n) {
    int vms = n * denseVmsPerHost;
    return load("fleet-evacuation.conf", "name=bench-fleet-dense-" + n, "fleet.hosts=" + n,
        "fleet.autoscale.tenants.load.base=" + vms, "fleet.autoscale.tenants.max-size=" + vms,
        "fleet.evacuate.hosts=" + Math.max(1, n * denseDrain / 100), "fleet.images.stores=" + Math.max(1, n / 100),
        "fleet.scheduler.workers=" + Math.max(16, 16 * n / 1000),
        "fleet.host-slots=" + Math.max(16, 2 * denseVmsPerHost), "toolstack.workers=8");
  }

  /** Scenario {@code file} with the bench's settings, then the user's. */
  private FleetScenario load(String file, String... settings) {
    List<String> all = new ArrayList<>(List.of(settings));
    all.addAll(overrides);
    return FleetRunner.load(ConfDir.find().resolve("scenarios").resolve(file), all, null);
  }

  /** What a fleet's row prints of one run (not the run, which holds the whole fleet). */
  private record Row(long events, long hostEvents, long windows, int ran, int failed, long hash, boolean kept) {
    static Row of(FleetRun run) {
      return new Row(run.result().events(), run.hostEvents(), run.result().windows(), run.summary().ran(),
          run.summary().failed(), run.result().sequenceHash(), run.violations().isEmpty());
    }
  }
}
