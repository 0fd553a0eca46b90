package io.vstack.cli;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterNode;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.Layout;
import io.vstack.model.XenModel;
import io.vstack.model.config.Scenario;
import io.vstack.workload.WorkloadDriver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * {@code vstack run --cluster}: joins the cluster as a client member and runs each configuration on its nodes.
 * The components live on the members, so what comes back is the run's outcome (events, virtual end, sequence hash,
 * windows), not the per-VM tables; {@code --verify} checks it against a local sequential run.
 */
final class ClusterRun {
  private final String seed;
  private final int partitions;
  private final boolean verify;
  private final PrintWriter out;

  ClusterRun(String seed, int partitions, boolean verify, PrintWriter out) {
    if (!seed.matches("[^:]+:\\d+")) {
      throw new InputError("--cluster '" + seed + "' is not HOST:PORT of a cluster member");
    }
    this.seed = seed;
    this.partitions = partitions;
    this.verify = verify;
    this.out = out;
  }

  int run(String scenarioText, List<String> overrides, List<Scenario> configurations, Path outDir,
      String traceSpec) throws java.io.IOException {
    ActorSystem<Void> client = ClusterNode.startClient(ClusterNode.config(seed.substring(0, seed.indexOf(':')), 0,
        List.of(seed), "client", 0));
    try {
      int nodes = awaitNodes(client);
      out.printf("cluster at %s: %d nodes, %d partitions%n", seed, nodes, partitions);
      RunDirectory dir = RunDirectory.create(outDir);
      Map<String, Object> results = new LinkedHashMap<>();
      boolean identical = true;
      for (Scenario configuration : configurations) {
        List<String> all = new ArrayList<>(overrides);
        all.add("toolstack.mode=" + configuration.switches().mode().name());
        all.add("xenstore.cache=" + (configuration.switches().cache() ? "on" : "off"));
        all.add("scrub.placement=" + configuration.switches().scrub().name());
        long start = System.nanoTime();
        ClusterExecutor executor = new ClusterExecutor(client, partitions, scenarioText, all);
        XenModel model = new XenModel(configuration, WorkloadDriver::new);
        RunSpec spec = RunSpec.untilQuiet(configuration.seed());
        Path target = configurations.size() > 1
            ? dir.staging().resolve(RunCommand.slug(configuration.switches().label())) : dir.staging();
        java.nio.file.Files.createDirectories(target);
        RunResult result = traceSpec == null ? executor.run(model, spec)
            : executor.runTraced(model, spec, Layout.of(configuration), traceSpec, target.resolve("trace.jsonl.gz"),
                RunCommand.traceHeader(configuration));
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("events", result.events());
        r.put("virtualEndMs", result.lastEventTime() / 1e6);
        r.put("sequenceHash", String.format("%016x", result.sequenceHash()));
        r.put("windows", result.windows());
        out.printf("%-12s events %,d  virtual end %.3f s  windows %,d  hash %016x  wall %.2f s%n",
            configuration.switches().label(), result.events(), result.lastEventTime() / 1e9, result.windows(),
            result.sequenceHash(), wall);
        if (verify) {
          RunResult local = new SequentialExecutor().run(new XenModel(configuration, WorkloadDriver::new),
              RunSpec.untilQuiet(configuration.seed()));
          boolean same = local.sameOutcomeAs(result);
          identical &= same;
          r.put("identicalToLocalSequentialRun", same);
          out.printf("%-12s local sequential run: %s%n", "", same ? "identical" : "DIFFERENT (hash "
              + Long.toHexString(local.sequenceHash()) + ")");
        }
        results.put(RunCommand.slug(configuration.switches().label()), r);
      }
      ResultFiles.json(dir.staging().resolve("summary.json"), results);
      out.printf("%nresults: %s%n", dir.commit());
      out.flush();
      return identical ? 0 : 1;
    } finally {
      client.terminate();
      client.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private static int awaitNodes(ActorSystem<Void> client) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ClusterExecutor probe = new ClusterExecutor(client, 1, "", List.of());
    while (System.nanoTime() < deadline) {
      long upNodes = StreamSupport.stream(Cluster.get(client).state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up() && m.hasRole("node")).count();
      int n = probe.nodes().size();
      if (n > 0 && n == upNodes) {
        return n;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new InputError("no vstack node answered through the cluster within 30 s; is a cluster up?");
  }
}
