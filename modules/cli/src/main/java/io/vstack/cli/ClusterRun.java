package io.vstack.cli;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.vstack.cli.run.RecordedRun;
import io.vstack.cli.run.ResultFiles;
import io.vstack.cli.run.RunCheckpoints;
import io.vstack.cli.run.RunDirectory;
import io.vstack.cli.run.RunPlan;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterNode;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import io.vstack.trace.XenHostFactory;
import io.vstack.workload.WorkloadDriver;
import io.vstack.workload.fleet.FleetFactory;
import io.vstack.workload.fleet.FleetRun;
import io.vstack.workload.fleet.FleetScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * {@code vstack run --cluster}: joins the cluster as a client member and runs each configuration on its nodes,
 * then gathers every component's final report (and, with {@code --trace}, the members' partial traces) so the
 * run directory holds the same files as a single-JVM run; {@code --verify} checks the outcome against a local
 * sequential run. It talks TLS with the cluster's key store (in {@code runs/cluster} or {@code --cluster-keys}).
 * The run is in the run catalogue and, unless traced, checkpoints: the run manager resumes it by itself when a node
 * is lost, and this client stores each checkpoint in the JDBC journal, so that {@code vstack run --resume}
 * continues it if the client itself dies.
 */
final class ClusterRun {
  private final String seed;
  private final Path keys;
  private final int partitions;
  private final boolean verify;
  private final PrintWriter out;
  private final PrintWriter err;
  private final long checkpointWindows;
  private final long checkpointWallNanos;

  /**
   * A clustered run, with the cluster's keys in {@code keys}, that checkpoints at the run manager every
   * {@code checkpointWindows} windows and every {@code checkpointWallNanos} of wall time (0 and 0: never), so that
   * it survives losing a node.
   */
  ClusterRun(String seed, Path keys, int partitions, boolean verify, PrintWriter out, PrintWriter err,
      long checkpointWindows, long checkpointWallNanos) {
    if (!seed.matches("[^:]+:\\d+")) {
      throw new InputError("--cluster '" + seed + "' is not HOST:PORT of a cluster member");
    }
    this.seed = seed;
    this.keys = keys;
    this.partitions = partitions;
    this.verify = verify;
    this.out = out;
    this.err = err;
    this.checkpointWindows = checkpointWindows;
    this.checkpointWallNanos = checkpointWallNanos;
  }

  /** Runs {@code plan} on the cluster. */
  int run(RunPlan plan) throws IOException {
    return withClient(client -> run(client, plan, null));
  }

  /** Continues run {@code runId}, started on a cluster (this one or another), from its latest stored checkpoint. */
  int resume(String runId) throws IOException {
    return withClient(client -> {
      RunCheckpoints.Resumable resumed = RunCheckpoints.load(client, runId);
      if (!resumed.plan().clustered()) {
        throw new InputError("run " + runId + " was started on one JVM, without --cluster; resume it without "
            + "--cluster");
      }
      return run(client, resumed.plan(), resumed);
    });
  }

  private interface ClientWork {
    int on(ActorSystem<Void> client) throws IOException;
  }

  /** Joins the cluster as a client, waits for its nodes, does {@code work}, and leaves. */
  private int withClient(ClientWork work) throws IOException {
    ActorSystem<Void> client = ClusterNode.startClient(ClusterNode.config(seed.substring(0, seed.indexOf(':')), 0,
        List.of(seed), "client", ClusterCommand.keys(keys)));
    try {
      int nodes = awaitNodes(client);
      out.printf("cluster at %s: %d nodes, %d partitions%n", seed, nodes, partitions);
      return work.on(client);
    } finally {
      ClusterNode.leave(client);
    }
  }

  /**
   * Runs every configuration of {@code plan} on the cluster, from {@code resumed}'s checkpoint when not null, with
   * the run recorded in the catalogue and its checkpoints stored by this client, so that the run outlives it.
   */
  private int run(ActorSystem<Void> client, RunPlan plan, RunCheckpoints.Resumable resumed) throws IOException {
    boolean traced = plan.traceFilter() != null;
    return RecordedRun.run(client, plan, resumed, traced ? 0 : checkpointWindows, traced ? 0 : checkpointWallNanos,
        err, (dir, checkpoints, from) -> {
          if (resumed != null) {
            RunCommand.announceResume(resumed, out, err);
          }
          return plan.fleet() != null ? runFleet(client, plan.fleet(), dir, checkpoints, from)
              : runConfigurations(client, plan, dir, checkpoints, from);
        });
  }

  private boolean runConfigurations(ActorSystem<Void> client, RunPlan plan, RunDirectory dir,
      RunCheckpoints checkpoints, CheckpointJournal.Stored from) throws IOException {
    boolean clean = true;
    List<RunSummary> summaries = new ArrayList<>();
    Map<String, Object> both = new LinkedHashMap<>();
    for (int index = 0; index < plan.configurations().size(); index++) {
      Scenario configuration = plan.configurations().get(index);
      Path target = plan.comparison() ? dir.staging().resolve(RunCommand.slug(configuration.switches().label()))
          : dir.staging();
      Files.createDirectories(target);
      long start = System.nanoTime();
      String label = configuration.switches().label();
      boolean here = from != null && from.configuration() == index;
      ClusterExecutor.Outcome outcome = new ClusterExecutor(client, partitions, XenHostFactory.spec(configuration),
          checkpoints.forConfiguration(index, () -> new byte[0], here ? from.checkpoint() : null), progress(label))
          .runFull(RunSpec.untilQuiet(configuration.seed()), plan.traceFilter(), XenHostFactory.merger(
              configuration, plan.traceFilter(), target.resolve("trace.jsonl.gz"),
              RunCommand.traceHeader(configuration)));
      double wall = (System.nanoTime() - start) / 1e9;
      RunResult result = outcome.result();
      FinalState state = XenHostFactory.state(configuration, outcome.reports());
      RunSummary summary = RunSummary.of(state);
      List<String> violations = Invariants.violations(state);
      clean &= violations.isEmpty();
      Map<String, Object> files = ResultFiles.summary(result, summary, violations);
      ResultFiles.write(target, files, state);
      both.put(RunCommand.slug(label), files);
      summaries.add(summary);
      out.printf("%-12s events %,d  virtual end %.3f s  windows %,d  hash %016x  wall %.2f s%n", label,
          result.events(), result.lastEventTime() / 1e9, result.windows(), result.sequenceHash(), wall);
      if (verify) {
        clean &= verified(new SequentialExecutor().run(new XenModel(configuration, WorkloadDriver::new),
            RunSpec.untilQuiet(configuration.seed())), result);
      }
      violations.forEach(v -> out.println("vstack: invariant violated (" + label + "): " + v));
    }
    if (plan.comparison()) {
      ResultFiles.json(dir.staging().resolve("summary.json"), both);
    }
    new SummaryTable(out, summaries).print();
    out.printf("%nresults: %s%n", dir.commit());
    out.flush();
    return clean;
  }

  /** Prints what a clustered run of configuration {@code label} tells as it goes. */
  private ClusterExecutor.Progress progress(String label) {
    return line -> {
      err.println("vstack: " + label + ": " + line);
      err.flush();
    };
  }

  /** Whether a clustered run's {@code result} is {@code local}'s, a local sequential run's; says which. */
  private boolean verified(RunResult local, RunResult result) {
    boolean same = local.sameOutcomeAs(result);
    out.printf("%-12s local sequential run: %s%n", "", same ? "identical" : "DIFFERENT (hash "
        + Long.toHexString(local.sequenceHash()) + ")");
    return same;
  }

  /**
   * Runs {@code fleet} on the cluster, from {@code from}'s checkpoint when not null, and writes its results as a
   * run on one JVM does: the members send every process as it ended, restored here into one fleet model.
   */
  private boolean runFleet(ActorSystem<Void> client, FleetScenario fleet, RunDirectory dir,
      RunCheckpoints checkpoints, CheckpointJournal.Stored from) {
    ClusterExecutor executor = new ClusterExecutor(client, partitions, FleetFactory.spec(fleet),
        checkpoints.forConfiguration(0, () -> new byte[0], from == null ? null : from.checkpoint()),
        progress(fleet.host().name()));
    RunSpec spec = RunSpec.untilQuiet(fleet.host().seed());
    int members = ClusterExecutor.nodes(client).size();
    RunResult[] result = new RunResult[1];
    boolean clean = FleetRunner.run(fleet, dir, new FleetRunner.Where("cluster", 0, partitions, "executor cluster: "
        + partitions + " partitions on " + members + " members (--cluster)"), from != null, () -> {
          try {
            ClusterExecutor.Outcome outcome = executor.runFull(spec, null, null);
            result[0] = outcome.result();
            return FleetRun.of(FleetFactory.restore(fleet, outcome.reports()), outcome.result());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, out, err);
    return verify ? verified(FleetRun.run(fleet, new SequentialExecutor()).result(), result[0]) && clean : clean;
  }

  private static int awaitNodes(ActorSystem<Void> client) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      long upNodes = StreamSupport.stream(Cluster.get(client).state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up() && m.hasRole("node")).count();
      int n = ClusterExecutor.nodes(client).size();
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
