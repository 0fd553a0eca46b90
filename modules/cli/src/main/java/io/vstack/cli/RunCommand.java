package io.vstack.cli;

import io.vstack.engine.Executor;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.phold.Phold;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vstack run}: runs the default job and prints its summary. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the default job: an engine demo (PHOLD) checked against the sequential oracle.")
public final class RunCommand implements Callable<Integer> {

  @Mixin
  private EngineOptions engine;

  @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--processes", defaultValue = "10000",
      description = "logical processes (default: ${DEFAULT-VALUE})")
  private int processes;

  @Option(names = "--events", defaultValue = "1000000",
      description = "about how many events to run (default: ${DEFAULT-VALUE})")
  private long events;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (processes <= 0 || events <= 0) {
      throw new InputError("--processes and --events must be > 0");
    }
    Phold model = new Phold(processes, Bench.LOOKAHEAD, Bench.LOOKAHEAD, 4);
    RunSpec run = new RunSpec(seed, model.horizonFor(events));
    PrintWriter out = spec.commandLine().getOut();
    try (Engines engines = new Engines(engine.settings())) {
      Executor executor = engines.configured();
      long start = System.nanoTime();
      RunResult result = executor.run(model, run);
      double wall = (System.nanoTime() - start) / 1e9;
      RunResult oracle = engines.of(EngineSettings.ExecutorKind.sequential).run(model, run);
      out.println("vstack engine demo: PHOLD (the Xen model is not built yet)");
      out.printf("model      %,d processes, lookahead %s, mean extra delay %s, 4 events each, seed %d%n",
          processes, Bench.millis(Bench.LOOKAHEAD), Bench.millis(Bench.LOOKAHEAD), seed);
      out.printf("executor   %s (%d threads, %d partitions)%n", executor.name(), engines.settings().threads(),
          engines.settings().partitions());
      out.printf("events     %,d in %,d windows, virtual time %s%n", result.events(), result.windows(),
          Bench.millis(result.lastEventTime()));
      out.printf("wall       %.2f s (%s events/s)%n", wall, Bench.rate(result.events() / wall));
      out.printf("hash       %016x%n", result.sequenceHash());
      boolean same = result.sameOutcomeAs(oracle);
      out.printf("oracle     sequential executor %s%n", same ? "agrees (identical events and hash)"
          : "DISAGREES: hash " + Long.toHexString(oracle.sequenceHash()));
      out.flush();
      return same ? 0 : 1;
    }
  }
}
