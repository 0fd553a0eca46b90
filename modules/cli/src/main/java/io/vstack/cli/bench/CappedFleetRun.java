package io.vstack.cli.bench;

import io.vstack.cli.ConfDir;
import io.vstack.cli.FleetRunner;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.workload.fleet.FleetRun;
import java.util.List;

/**
 * The one-JVM attempt of {@link FleetClusterBench}, run in a child JVM of a capped heap: fleet-small with the given
 * settings on the sequential executor. It prints one line, its sequence hash or that it ran out of memory (exit
 * status 3).
 */
public final class CappedFleetRun {
  static final String OUT_OF_MEMORY = "out of memory";

  private CappedFleetRun() {
  }

  public static void main(String[] settings) {
    try {
      FleetRun run = FleetRun.run(FleetRunner.load(ConfDir.find().resolve("scenarios/fleet-small.conf"),
          List.of(settings), null), new SequentialExecutor());
      System.out.printf("ran: events %,d, sequence hash %016x%n", run.result().events(), run.result().sequenceHash());
    } catch (OutOfMemoryError e) {
      System.out.println(OUT_OF_MEMORY + " (" + e.getMessage() + ", max heap "
          + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)");
      System.exit(3);
    }
  }
}
