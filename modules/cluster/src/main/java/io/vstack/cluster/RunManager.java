package io.vstack.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import io.vstack.engine.RunResult;
import io.vstack.engine.window.ClockCoordinator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's run manager, a Cluster Singleton: it accepts runs from any member, keeps the current set of node
 * agents from the receptionist, and for each run spawns the clock coordinator next to itself, places the
 * partitions on the agents ({@code p mod M}, agents ordered by address) and sends the outcome back.
 */
public final class RunManager extends AbstractBehavior<RunManager.Command> {

  public sealed interface Command extends ClusterMessage permits SubmitRun, NodesChanged, Completed {
  }

  /**
   * Runs {@code scenarioText} with {@code overrides} in {@code partitions} partitions, recording a trace on the
   * members when {@code traceFilter} is not null; answers {@link RunOutcome}.
   */
  public record SubmitRun(String scenarioText, List<String> overrides, int partitions, int processes,
      long lookahead, long seed, long horizon, String traceFilter, ActorRef<RunOutcome> replyTo) implements Command {
  }

  /** Internal: the receptionist's view of the node agents changed. */
  record NodesChanged(Set<ActorRef<NodeAgent.Command>> nodes) implements Command {
  }

  /** Internal: run {@code runId}, on {@code nodes}, ended. */
  record Completed(String runId, RunResult result, String failure, List<ActorRef<NodeAgent.Command>> nodes,
      long crossMemberBatches, ActorRef<RunOutcome> replyTo) implements Command {
  }

  /**
   * How run {@code runId} ended: a result, or the reason it failed; {@code nodes} hosted its partitions, and
   * {@code crossMemberBatches} event batches went from a partition on one member to a partition on another.
   */
  public record RunOutcome(String runId, RunResult result, String failure, List<ActorRef<NodeAgent.Command>> nodes,
      long crossMemberBatches) implements ClusterMessage {
  }

  private List<ActorRef<NodeAgent.Command>> nodes = List.of();
  private long runs;

  public static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
          listing -> new NodesChanged(listing.getServiceInstances(NodeAgent.KEY)));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.KEY, adapter));
      return new RunManager(ctx);
    });
  }

  private RunManager(ActorContext<Command> ctx) {
    super(ctx);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NodesChanged.class, this::onNodes)
        .onMessage(SubmitRun.class, this::onSubmit)
        .onMessage(Completed.class, this::onCompleted)
        .build();
  }

  private Behavior<Command> onNodes(NodesChanged msg) {
    List<ActorRef<NodeAgent.Command>> sorted = new ArrayList<>(msg.nodes());
    sorted.sort(Comparator.comparing(ref -> ref.path().address().toString()));
    nodes = List.copyOf(sorted);
    return this;
  }

  private Behavior<Command> onSubmit(SubmitRun msg) {
    if (nodes.isEmpty()) {
      msg.replyTo().tell(new RunOutcome("", null, "no vstack node is in the cluster", List.of(), 0));
      return this;
    }
    String runId = "run-" + (++runs);
    int count = Math.min(msg.partitions(), msg.processes());
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    int members = nodes.size();
    long[] cross = new long[1];
    ActorRef<ClockCoordinator.Command> coordinator = getContext().spawn(
        ClockCoordinator.awaitingPartitions(count, msg.lookahead(), msg.horizon(), result, matrix -> {
          for (int p = 0; p < matrix.length; p++) {
            for (int q = 0; q < matrix.length; q++) {
              cross[0] += p % members != q % members ? matrix[p][q] : 0;
            }
          }
        }), runId, DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER));
    for (int n = 0; n < nodes.size(); n++) {
      List<Integer> indices = new ArrayList<>();
      for (int p = n; p < count; p += nodes.size()) {
        indices.add(p);
      }
      if (!indices.isEmpty()) {
        nodes.get(n).tell(new NodeAgent.HostPartitions(runId, msg.scenarioText(), msg.overrides(), count, indices,
            coordinator, msg.traceFilter()));
      }
    }
    List<ActorRef<NodeAgent.Command>> used = nodes;
    getContext().pipeToSelf(result, (r, e) -> new Completed(runId, r, e == null ? null
        : (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), used, cross[0], msg.replyTo()));
    return this;
  }

  private Behavior<Command> onCompleted(Completed msg) {
    msg.replyTo().tell(new RunOutcome(msg.runId(), msg.result(), msg.failure(), msg.nodes(),
        msg.crossMemberBatches()));
    return this;
  }
}
