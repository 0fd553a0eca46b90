package io.vstack.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.Executor;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.window.ClockCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a scenario across the cluster's members: the partitioned executor's protocol with partition {@code p} on
 * the {@code p mod M}-th member (members ordered by address, so placement is the same for the same membership),
 * the clock coordinator on the submitting member, and every cross-member event batched once per window with
 * exact counts. The result is identical to a single-JVM run. The model itself is built on each member from the
 * scenario text; the {@link Model} passed in is only checked against it.
 */
public final class ClusterExecutor implements Executor {
  private static final AtomicLong RUNS = new AtomicLong();

  private final ActorSystem<?> system;
  private final int partitions;
  private final String scenarioText;
  private final List<String> overrides;

  public ClusterExecutor(ActorSystem<?> system, int partitions, String scenarioText, List<String> overrides) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    this.system = system;
    this.partitions = partitions;
    this.scenarioText = scenarioText;
    this.overrides = List.copyOf(overrides);
  }

  @Override
  public String name() {
    return "cluster";
  }

  /** The members hosting partitions, in placement order. */
  public List<ActorRef<NodeAgent.Command>> nodes() {
    Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
        reply -> Receptionist.find(NodeAgent.KEY, reply), Duration.ofSeconds(10), system.scheduler())
        .toCompletableFuture().join();
    List<ActorRef<NodeAgent.Command>> nodes = new ArrayList<>(listing.getServiceInstances(NodeAgent.KEY));
    nodes.sort(Comparator.comparing(ref -> ref.path().address().toString()));
    return nodes;
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    List<ActorRef<NodeAgent.Command>> nodes = nodes();
    if (nodes.isEmpty()) {
      throw new EngineFailure("no vstack node is in the cluster (start some with 'vstack cluster up')", null);
    }
    int count = Math.min(partitions, model.processCount());
    String runId = "run-" + RUNS.incrementAndGet() + "-" + Long.toHexString(spec.seed());
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    ActorRef<ClockCoordinator.Command> coordinator = system.systemActorOf(
        ClockCoordinator.awaitingPartitions(count, model.lookahead(), spec.horizon(), result), runId,
        DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER));
    for (int n = 0; n < nodes.size(); n++) {
      List<Integer> indices = new ArrayList<>();
      for (int p = n; p < count; p += nodes.size()) {
        indices.add(p);
      }
      if (!indices.isEmpty()) {
        nodes.get(n).tell(new NodeAgent.HostPartitions(runId, scenarioText, overrides, count, indices, coordinator));
      }
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof EngineFailure f ? f : new EngineFailure("cluster run failed: "
          + e.getCause().getMessage(), e.getCause());
    }
  }
}
