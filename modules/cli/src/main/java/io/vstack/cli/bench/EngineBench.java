package io.vstack.cli.bench;

import io.vstack.cli.Engine;
import io.vstack.cli.EngineOptions;
import io.vstack.cli.InputError;
import io.vstack.engine.Executor;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.phold.Phold;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vstack bench engine}: PHOLD on every executor in one process, with ratios to the sequential one. */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = "PHOLD at each size on every executor: events/s and the ratio to the sequential executor.")
public final class EngineBench implements Callable<Integer> {
  static final long LOOKAHEAD = 1_000_000L;

  @Mixin
  private EngineOptions engineOptions;

  @Option(names = "--sizes", split = ",", defaultValue = "1000,100000",
      description = "process counts, comma-separated (default: ${DEFAULT-VALUE})")
  private int[] sizes;

  @Option(names = "--events", defaultValue = "4000000",
      description = "about how many events per run (default: ${DEFAULT-VALUE})")
  private long events;

  @Option(names = "--runs", defaultValue = "1",
      description = "runs per executor and size; the median is reported (default: ${DEFAULT-VALUE})")
  private int runs;

  @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Spec
  private CommandSpec spec;

  private record Row(String workload, String executor, long events, double wall, long hash) {
  }

  @Override
  public Integer call() {
    if (events <= 0 || runs <= 0 || Arrays.stream(sizes).anyMatch(s -> s <= 0)) {
      throw new InputError("--events, --runs and every --sizes value must be > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = engineOptions.start()) {
      List<Executor> executors = List.of(engine.of(Engine.ExecutorKind.sequential),
          engine.of(Engine.ExecutorKind.actor), engine.of(Engine.ExecutorKind.partitioned));
      out.printf("vstack bench engine: PHOLD, lookahead %s, mean extra delay %s, 4 events per process%n",
          millis(LOOKAHEAD), millis(LOOKAHEAD));
      out.printf("machine: %d cores, Java %s, max heap %.1f GiB; engine threads %d, partitions %d; median of %d%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          Runtime.getRuntime().maxMemory() / (double) (1L << 30), engine.threads(),
          engine.partitions(), runs);
      out.flush();
      warmUp(executors);
      out.printf("%n%-12s %-12s %12s %8s %10s %8s  %s%n", "workload", "executor", "events", "wall s", "events/s",
          "vs seq", "sequence hash");
      boolean agree = true;
      for (int size : sizes) {
        Phold model = new Phold(size, LOOKAHEAD, LOOKAHEAD, 4);
        RunSpec run = new RunSpec(seed, model.horizonFor(events));
        List<Row> rows = new ArrayList<>();
        for (Executor executor : executors) {
          rows.add(measure(executor, model, run, "phold-" + label(size)));
          Row row = rows.get(rows.size() - 1);
          double baseline = rows.get(0).events() / rows.get(0).wall();
          out.printf("%-12s %-12s %,12d %8.2f %10s %7.2fx  %016x%n", row.workload(), row.executor(), row.events(),
              row.wall(), rate(row.events() / row.wall()), row.events() / row.wall() / baseline, row.hash());
          out.flush();
          agree &= row.hash() == rows.get(0).hash() && row.events() == rows.get(0).events();
        }
      }
      out.println(agree ? "\nall executors delivered identical event sequences"
          : "\nEXECUTORS DISAGREE: see the sequence hashes above");
      return agree ? 0 : 1;
    }
  }

  private void warmUp(List<Executor> executors) {
    Phold small = new Phold(1000, LOOKAHEAD, LOOKAHEAD, 4);
    for (Executor executor : executors) {
      executor.run(small, new RunSpec(seed, small.horizonFor(300_000)));
    }
  }

  private Row measure(Executor executor, Phold model, RunSpec run, String workload) {
    double[] walls = new double[runs];
    RunResult result = null;
    for (int i = 0; i < runs; i++) {
      System.gc();
      long start = System.nanoTime();
      result = executor.run(model, run);
      walls[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(walls);
    return new Row(workload, executor.name(), result.events(), walls[runs / 2], result.sequenceHash());
  }

  private static String label(int size) {
    return size % 1000 == 0 ? size / 1000 + "k" : Integer.toString(size);
  }

  static String rate(double perSecond) {
    return perSecond >= 1e6 ? String.format("%.2fM", perSecond / 1e6) : String.format("%.0fk", perSecond / 1e3);
  }

  static String millis(long ticks) {
    return String.format("%.3f ms", ticks / 1e6);
  }
}
