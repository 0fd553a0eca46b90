package io.vstack.cli.bench;

import io.vstack.cli.ConfDir;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterKeys;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.workload.fleet.FleetFactory;
import io.vstack.workload.fleet.FleetModel;
import io.vstack.workload.fleet.FleetRun;
import io.vstack.workload.fleet.FleetScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster section of {@code vstack bench fleet}: a fleet on {@value #MEMBERS} member JVMs of a capped heap, after
 * one JVM of that heap tried a smaller fleet alone (a child process running it sequentially, which must run out of
 * memory and say so rather than hang), checked against a sequential run in this JVM, whose heap is larger. The
 * cluster then holds more than the ratio of the two fleets' sizes times what one capped JVM holds.
 */
final class FleetClusterBench {
  private static final int MEMBERS = 3;
  /** Two per member, so that every member holds the same share of the hosts. */
  private static final int PARTITIONS = 2 * MEMBERS;
  /** A JVM that neither finishes nor runs out of memory in this time is thrashing near its limit: it is stopped. */
  private static final long ALONE_MINUTES = 15;

  private FleetClusterBench() {
  }

  /**
   * Runs {@code scenario} on the cluster as above with JVMs of heap {@code heap} ("1g"), after one such JVM tried
   * fleet-small with {@code aloneSettings} (a fleet of {@code aloneHosts}); true when the cluster's result is the
   * sequential one.
   */
  static boolean run(FleetScenario scenario, int aloneHosts, List<String> aloneSettings, String heap,
      PrintWriter out) throws Exception {
    int hosts = scenario.fleet().hosts();
    out.printf("%ncluster section: %,d hosts on one JVM of -Xmx%s, then %,d hosts on %d member JVMs of -Xmx%s each "
        + "(%d partitions)%n", aloneHosts, heap, hosts, MEMBERS, heap, PARTITIONS);
    out.flush();
    Path logs = Files.createTempDirectory("vstack-bench-fleet-cluster");
    String alone = alone(aloneSettings, heap, logs.resolve("alone.log"));
    out.printf("one JVM of -Xmx%s, %,d hosts:  %s%n", heap, aloneHosts, alone);
    out.flush();
    ClusterExecutor.Outcome outcome;
    long start = System.nanoTime();
    try (BenchCluster cluster = BenchCluster.start(MEMBERS, heap, logs, ConfDir.find().toAbsolutePath(),
        ClusterKeys.generate(logs.resolve("keys")))) {
      outcome = new ClusterExecutor(cluster.client(), PARTITIONS, FleetFactory.spec(scenario))
          .runCounted(new FleetModel(scenario), RunSpec.untilQuiet(scenario.host().seed()));
    }
    RunResult clustered = outcome.result();
    out.printf("%d JVMs of -Xmx%s: events %,d, windows %,d, cross-member batches per window %.2f, wall %.1f s, "
        + "sequence hash %016x%n", MEMBERS, heap, clustered.events(), clustered.windows(),
        outcome.crossMemberBatches() / (double) Math.max(1, clustered.windows()), (System.nanoTime() - start) / 1e9,
        clustered.sequenceHash());
    out.flush();
    System.gc();
    start = System.nanoTime();
    RunResult here = FleetRun.run(scenario, new SequentialExecutor()).result();
    out.printf("this JVM (max heap %.1f GiB), sequential: events %,d, wall %.1f s, sequence hash %016x%n",
        Runtime.getRuntime().maxMemory() / (double) (1L << 30), here.events(), (System.nanoTime() - start) / 1e9,
        here.sequenceHash());
    boolean same = here.sameOutcomeAs(clustered);
    out.println(same ? "the cluster's result is the sequential run's" : "THE CLUSTER'S RESULT DIFFERS");
    if (alone.startsWith(CappedFleetRun.OUT_OF_MEMORY)) {
      out.printf("the cluster held %,d hosts, one JVM of -Xmx%s could not hold %,d: more than %.2fx what one such "
          + "JVM holds%n", hosts, heap, aloneHosts, hosts / (double) aloneHosts);
    } else {
      out.printf("note: one JVM of -Xmx%s did not run out of memory on %,d hosts; a larger --alone-hosts shows "
          + "what it cannot hold%n", heap, aloneHosts);
    }
    out.flush();
    return same;
  }

  /** What the one-JVM attempt printed last, its log in {@code log}. */
  private static String alone(List<String> settings, String heap, Path log) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx" + heap, "-XX:+UseParallelGC", "-Dslf4j.internal.verbosity=ERROR"));
    String home = System.getProperty("vstack.home");
    if (home != null) {
      command.add("-Dvstack.home=" + home);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CappedFleetRun.class.getName()));
    command.addAll(settings);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(ALONE_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return "neither finished nor ran out of memory within " + ALONE_MINUTES + " min; stopped (log " + log + ")";
    }
    List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "exited with status " + p.exitValue() + ", saying nothing (log " + log + ")"
        : lines.get(lines.size() - 1);
  }
}
