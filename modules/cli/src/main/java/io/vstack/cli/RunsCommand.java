package io.vstack.cli;

import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.engine.EngineSystem;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vstack runs}: the run catalogue. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "List every recorded run: id, scenario, seed, version, start, status, result location.")
public final class RunsCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    akka.actor.typed.ActorSystem<Void> system = EngineSystem.start("vstack", 1, JournalDatabase.load());
    try {
      List<RunCatalogue.Entry> runs = new Catalogue(system).runs();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-40s %-16s %6s %-12s %-24s %-11s %s%n", "run", "scenario", "seed", "version", "started (UTC)",
          "status", "results");
      for (RunCatalogue.Entry e : runs) {
        out.printf("%-40s %-16s %6d %-12s %-24s %-11s %s%n", e.id(), e.scenario(), e.seed(),
            e.version().replace("vstack ", ""), e.startedAt(), Catalogue.displayStatus(e), e.location());
      }
      out.flush();
      return 0;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
