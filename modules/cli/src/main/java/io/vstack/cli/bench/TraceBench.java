package io.vstack.cli.bench;

import io.vstack.cli.ConfDir;
import io.vstack.cli.Engine;
import io.vstack.cli.EngineOptions;
import io.vstack.cli.InputError;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.model.Layout;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.trace.RunTrace;
import io.vstack.trace.TraceFilter;
import io.vstack.workload.ScenarioRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench trace}: wall time of a run with full tracing (recording and writing) vs. without. The traced
 * run's "run" time ends when the simulation does, its "write" time is what the command then waits for the file.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Tracing overhead: the same storm untraced and traced (recorded and written), on each executor.")
public final class TraceBench implements Callable<Integer> {

  @Mixin
  private EngineOptions engineOptions;

  @Option(names = "--guests", defaultValue = "5000", description = "storm size (default: ${DEFAULT-VALUE})")
  private int guests;

  @Option(names = "--executors", split = ",", defaultValue = "sequential,actor,partitioned",
      description = "executors (default: ${DEFAULT-VALUE})")
  private List<Engine.ExecutorKind> executors;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Scenario scenario;
    try {
      scenario = Scenario.load(ConfDir.find(), null, List.of("host=big-64", "guest.memory-mib=256",
          "workload.destroy=on-running", "toolstack.workers=64", "toolstack.mode=parallel", "xenstore.cache=on",
          "scrub.placement=local", "workload.guests=" + guests, "name=trace-bench"));
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("vstack-trace-bench");
    try (Engine engine = engineOptions.start()) {
      out.printf("vstack bench trace: %d-guest boot+destroy storm on big-64 (all fixes)%n%n", guests);
      out.printf("%-12s %12s %12s %12s %10s %10s %8s %12s%n", "executor", "events", "untraced s", "traced s",
          "run s", "write s", "ratio", "trace MiB");
      for (Engine.ExecutorKind kind : executors) {
        Executor executor = engine.of(kind);
        ScenarioRun.run(scenario, executor);
        System.gc();
        long t0 = System.nanoTime();
        ScenarioRun plain = ScenarioRun.run(scenario, executor, DeliveryListener.NONE);
        double untraced = (System.nanoTime() - t0) / 1e9;
        System.gc();
        Path file = dir.resolve(kind.name() + ".jsonl.gz");
        long t1 = System.nanoTime();
        double recorded;
        try (RunTrace trace = RunTrace.start(executor, false, Layout.of(scenario), TraceFilter.ALL, file,
            Map.of("scenario", scenario.name()))) {
          ScenarioRun.run(scenario, executor, trace);
          recorded = (System.nanoTime() - t1) / 1e9;
          trace.finish();
        }
        double traced = (System.nanoTime() - t1) / 1e9;
        out.printf("%-12s %,12d %12.2f %12.2f %10.2f %10.2f %7.2fx %12.1f%n", executor.name(),
            plain.result().events(), untraced, traced, recorded, traced - recorded, traced / untraced,
            Files.size(file) / (1024.0 * 1024));
        out.flush();
      }
    } finally {
      List<Path> files = new ArrayList<>();
      try (var list = Files.list(dir)) {
        list.forEach(files::add);
      }
      for (Path f : files) {
        Files.delete(f);
      }
      Files.delete(dir);
    }
    return 0;
  }
}
