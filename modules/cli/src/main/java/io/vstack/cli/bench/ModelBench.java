package io.vstack.cli.bench;

import io.vstack.cli.ConfDir;
import io.vstack.cli.Engine;
import io.vstack.cli.EngineOptions;
import io.vstack.cli.InputError;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vstack bench model}: boot+destroy storms on a big host, stock and fixed, on every executor. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Boot+destroy storms on a big host, stock and all fixes, on every executor: wall time, "
        + "events/s and peak heap.")
public final class ModelBench implements Callable<Integer> {

  @Mixin
  private EngineOptions engineOptions;

  @Option(names = "--guests", split = ",", defaultValue = "10000,100000",
      description = "storm sizes (default: ${DEFAULT-VALUE})")
  private int[] guests;

  @Option(names = "--executors", split = ",", defaultValue = "sequential,actor,partitioned",
      description = "executors to run (default: ${DEFAULT-VALUE})")
  private List<Engine.ExecutorKind> executors;

  @Option(names = "--rounds", defaultValue = "2", description = "times each storm runs on every executor, the order "
      + "of the executors reversed every other round; a row gives the mean wall time (default: ${DEFAULT-VALUE}: "
      + "whichever executor runs first in a JVM is slower)")
  private int rounds;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "scenario overrides on top of the bench "
      + "defaults (host=big-64, guest.memory-mib=256, workload.destroy=on-running, toolstack.workers=64)")
  private List<String> overrides = new ArrayList<>();

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Rounds.check(executors, rounds);
    PrintWriter out = spec.commandLine().getOut();
    boolean agree = true;
    try (Engine engine = engineOptions.start()) {
      out.printf("vstack bench model: boot+destroy storms; engine threads %d, partitions %d, max heap %.1f GiB; wall "
          + "s: the mean of %d round(s), the executors' order reversed every other round%n", engine.threads(),
          engine.partitions(), Runtime.getRuntime().maxMemory() / (double) (1L << 30), rounds);
      out.printf("%n%-8s %-10s %-12s %12s %10s %9s %10s %9s %10s  %s%n", "guests", "config", "executor", "events",
          "windows", "wall s", "events/s", "peak MiB", "virtual s", "sequence hash");
      out.flush();
      for (int n : guests) {
        Scenario base = scenario(n);
        for (boolean fixed : new boolean[] {false, true}) {
          Scenario s = base.with(base.switches().withFixes(fixed, fixed, fixed));
          Rounds.Result<Row> result = Rounds.of(executors, rounds,
              kind -> Measured.of(() -> Row.of(ScenarioRun.run(s, engine.of(kind)))),
              row -> List.of(row.hash(), row.kept()));
          agree &= result.agreed() && result.legs().get(executors.get(0)).value().kept();
          for (Engine.ExecutorKind kind : executors) {
            Measured<Row> leg = result.legs().get(kind);
            Row row = leg.value();
            out.printf("%-8d %-10s %-12s %,12d %,10d %9.2f %10s %9d %10.1f  %016x%s%n", n, s.switches().label(),
                engine.of(kind).name(), row.events(), row.windows(), leg.wallSeconds(),
                EngineBench.rate(row.events() / leg.wallSeconds()), leg.peakMib(), row.lastEventTime() / 1e9,
                row.hash(), row.kept() ? "" : "  INVARIANTS VIOLATED");
            out.flush();
          }
        }
      }
    }
    out.println(agree ? "\nall executors agree and every run kept its invariants"
        : "\nEXECUTORS DISAGREE OR INVARIANTS VIOLATED");
    return agree ? 0 : 1;
  }

  private Scenario scenario(int n) {
    List<String> all = new ArrayList<>(List.of("host=big-64", "guest.memory-mib=256", "workload.destroy=on-running",
        "toolstack.workers=64", "workload.guests=" + n, "name=bench-" + n));
    all.addAll(overrides);
    try {
      return Scenario.load(ConfDir.find(), null, all);
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
  }

  /** What a storm's row prints of one run (not the run, which holds the whole host). */
  private record Row(long events, long windows, long lastEventTime, long hash, boolean kept) {
    static Row of(ScenarioRun run) {
      return new Row(run.result().events(), run.result().windows(), run.result().lastEventTime(),
          run.result().sequenceHash(), run.violations().isEmpty());
    }
  }
}
