package io.vstack.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.hosted.ModelSpec;
import io.vstack.engine.window.ClockCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's run manager, a Cluster Singleton: it accepts runs from any member, keeps the current set of node
 * agents from the receptionist, and for each run spawns the clock coordinator next to itself, places the
 * partitions on the agents ({@code p mod M}, agents ordered by address) and sends the outcome back. A run submitted
 * with checkpoints keeps its latest checkpoint here; if a node is lost mid-run, the run resumes from that
 * checkpoint on the nodes that are left, and its result is the one the uninterrupted run would have had.
 */
public final class RunManager extends AbstractBehavior<RunManager.Command> {
  /** How long membership is given to settle after a node is lost before the run resumes without it. */
  private static final Duration SETTLE = Duration.ofSeconds(2);
  /** A run that keeps losing nodes gives up after this many resumptions. */
  private static final int MAX_RESUMES = 3;
  /**
   * A checkpoint part travels to the coordinator over Artery's large-message stream, whose frames are at most
   * {@code maximum-large-frame-size} (32 MiB, ClusterNode); a larger part fails the run instead of vanishing.
   */
  private static final long MAX_PART_BYTES = 31L << 20;

  public sealed interface Command extends ClusterMessage permits SubmitRun, NodesChanged, CheckpointTaken, Completed,
      Resume, SubmitterGone {
  }

  /**
   * Runs {@code model} (as the submitter resolved it) in {@code partitions} partitions, recording a trace on the
   * members when {@code traceFilter} is not null, checkpointing every {@code checkpointWindows} windows and every
   * {@code checkpointWallNanos} of wall time (0 and 0: never), starting from {@code resumeFrom} if not null (a
   * checkpoint the submitter kept when the previous run manager was lost); answers {@link RunOutcome}, and
   * {@link Started} / {@link Checkpointed} / {@link Resumed} along the way.
   */
  public record SubmitRun(ModelSpec model, int partitions, int processes,
      long lookahead, long seed, long horizon, String traceFilter, long checkpointWindows, long checkpointWallNanos,
      Checkpointed resumeFrom, ActorRef<RunReply> replyTo) implements Command {
  }

  /** Internal: the receptionist's view of the node agents changed. */
  record NodesChanged(Set<ActorRef<NodeAgent.Command>> nodes) implements Command {
  }

  /** Internal: attempt {@code hosting} of run {@code runId} took a checkpoint. */
  record CheckpointTaken(String runId, String hosting, Checkpoint checkpoint) implements Command {
  }

  /** Internal: attempt {@code hosting} of run {@code runId}, on {@code nodes}, ended. */
  record Completed(String runId, String hosting, RunResult result, String failure, boolean partitionLost,
      List<ActorRef<NodeAgent.Command>> nodes, long crossMemberBatches) implements Command {
  }

  /** Internal: resume run {@code runId} from its latest checkpoint on the nodes there are now. */
  record Resume(String runId, String failure) implements Command {
  }

  /** Internal: run {@code runId}'s submitter is gone (its member was removed), so nobody waits for the run. */
  record SubmitterGone(String runId) implements Command {
  }

  /** What a run's submitter hears. */
  public sealed interface RunReply extends ClusterMessage permits Started, Checkpointed, Resumed, RunOutcome {
  }

  /** An attempt of the run started, with partitions on the members at {@code members} (in placement order). */
  public record Started(List<String> members) implements RunReply {
  }

  /**
   * The run took a checkpoint after {@code window}, at virtual time {@code time}: its {@code parts}. The submitter
   * keeps the latest, so that the run survives even the loss of the run manager's own node.
   */
  public record Checkpointed(long window, long time, List<byte[]> parts) implements RunReply {
    public long bytes() {
      return parts.stream().mapToLong(p -> p.length).sum();
    }
  }

  /** A node was lost ({@code failure}); the run goes on from its checkpoint at {@code time} on {@code nodes} nodes. */
  public record Resumed(String failure, long time, int nodes) implements RunReply {
  }

  /**
   * How run {@code runId} ended: a result, or the reason it failed; {@code nodes} hosted its partitions (under the
   * id {@code runId}), and {@code crossMemberBatches} event batches went from a partition on one member to a
   * partition on another.
   */
  public record RunOutcome(String runId, RunResult result, String failure, List<ActorRef<NodeAgent.Command>> nodes,
      long crossMemberBatches) implements RunReply {
  }

  /**
   * A run in flight: what was submitted, its latest checkpoint, how often it has been resumed, and where its current
   * attempt runs (its coordinator and the node agents hosting its partitions).
   */
  private static final class Active {
    final SubmitRun submit;
    Checkpoint latest;
    int attempt;
    String hosting;
    ActorRef<ClockCoordinator.Command> coordinator;
    List<ActorRef<NodeAgent.Command>> hosts = List.of();

    Active(SubmitRun submit) {
      this.submit = submit;
    }

    /** Partitions the run has: as asked, but never more than processes. */
    int partitions() {
      return Math.min(submit.partitions(), submit.processes());
    }
  }

  private final Map<String, Active> active = new HashMap<>();
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
        .onMessage(CheckpointTaken.class, this::onCheckpoint)
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(Resume.class, this::onResume)
        .onMessage(SubmitterGone.class, this::onSubmitterGone)
        .build();
  }

  /** The known node agents whose members are up and reachable: a lost node may still be listed for a while. */
  private List<ActorRef<NodeAgent.Command>> liveNodes() {
    CurrentClusterState state = Cluster.get(getContext().getSystem()).state();
    Set<Address> up = new HashSet<>();
    state.getMembers().forEach(m -> {
      if (m.status() == MemberStatus.up() && !state.getUnreachable().contains(m)) {
        up.add(m.address());
      }
    });
    return nodes.stream().filter(n -> up.contains(address(n))).toList();
  }

  /** The address of the member {@code node} is on (a reference to a local actor has no host and port). */
  private Address address(ActorRef<NodeAgent.Command> node) {
    return node.path().address().hasLocalScope()
        ? Cluster.get(getContext().getSystem()).selfMember().address() : node.path().address();
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
    String runId = "run-" + Cluster.get(getContext().getSystem()).selfMember().address().getPort().orElse(0) + "-"
        + (++runs);
    Active run = new Active(msg);
    if (msg.resumeFrom() != null) {
      run.latest = new Checkpoint(msg.resumeFrom().window(), msg.resumeFrom().time(), msg.resumeFrom().parts());
    }
    active.put(runId, run);
    getContext().watchWith(msg.replyTo(), new SubmitterGone(runId));
    start(runId, run);
    return this;
  }

  /** Starts attempt {@code run.attempt} of the run: fresh, or from {@code run.latest}. */
  private void start(String runId, Active run) {
    SubmitRun msg = run.submit;
    String hosting = run.attempt == 0 ? runId : runId + "-resumed-" + run.attempt;
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    int members = nodes.size();
    long[] cross = new long[1];
    ActorRef<Command> self = getContext().getSelf();
    Checkpointing checkpointing = new Checkpointing(msg.checkpointWindows(), msg.checkpointWallNanos(),
        checkpoint -> self.tell(new CheckpointTaken(runId, hosting, checkpoint)), run.latest, MAX_PART_BYTES);
    ActorRef<ClockCoordinator.Command> coordinator = getContext().spawn(
        ClockCoordinator.awaitingPartitions(run.partitions(), msg.lookahead(), msg.horizon(), result, matrix -> {
          for (int p = 0; p < matrix.length; p++) {
            for (int q = 0; q < matrix.length; q++) {
              cross[0] += p % members != q % members ? matrix[p][q] : 0;
            }
          }
        }, checkpointing), hosting, DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER));
    List<byte[]> parts = run.latest == null ? List.of() : run.latest.parts();
    long window = run.latest == null ? 0 : run.latest.window();
    long time = run.latest == null ? 0 : run.latest.time();
    for (int n = 0; n < nodes.size(); n++) {
      List<Integer> indices = new ArrayList<>();
      for (int p = n; p < run.partitions(); p += nodes.size()) {
        indices.add(p);
      }
      if (!indices.isEmpty()) {
        nodes.get(n).tell(new NodeAgent.HostPartitions(hosting, msg.model(), msg.seed(), run.partitions(), indices,
            coordinator, msg.traceFilter(), parts, window, time));
      }
    }
    List<ActorRef<NodeAgent.Command>> used = nodes;
    msg.replyTo().tell(new Started(used.subList(0, Math.min(used.size(), run.partitions())).stream()
        .map(n -> address(n).toString()).toList()));
    run.hosting = hosting;
    run.coordinator = coordinator;
    run.hosts = used;
    getContext().pipeToSelf(result, (r, e) -> {
      Throwable cause = e != null && e.getCause() != null ? e.getCause() : e;
      return new Completed(runId, hosting, r, cause == null ? null : cause.getMessage(),
          cause instanceof EngineFailure f && f.partitionLost(), used, cross[0]);
    });
  }

  private Behavior<Command> onCheckpoint(CheckpointTaken msg) {
    Active run = active.get(msg.runId());
    if (run != null) {
      run.latest = msg.checkpoint();
      run.submit.replyTo().tell(new Checkpointed(msg.checkpoint().window(), msg.checkpoint().time(),
          msg.checkpoint().parts()));
    }
    return this;
  }

  private Behavior<Command> onCompleted(Completed msg) {
    Active run = active.get(msg.runId());
    if (run == null) {
      return this;
    }
    if (msg.partitionLost() && run.latest != null && run.attempt < MAX_RESUMES) {
      getContext().scheduleOnce(SETTLE, getContext().getSelf(), new Resume(msg.runId(), msg.failure()));
      return this;
    }
    finish(msg.runId(), new RunOutcome(msg.hosting(), msg.result(), msg.failure(), msg.nodes(),
        msg.crossMemberBatches()));
    return this;
  }

  private void finish(String runId, RunOutcome outcome) {
    Active run = active.remove(runId);
    getContext().unwatch(run.submit.replyTo());
    run.submit.replyTo().tell(outcome);
  }

  private Behavior<Command> onResume(Resume msg) {
    Active run = active.get(msg.runId());
    nodes = liveNodes();
    getContext().getLog().warn("run {} failed ({}); resuming it from its checkpoint at virtual time {} ns on {} "
        + "nodes", msg.runId(), msg.failure(), run.latest.time(), nodes.size());
    if (nodes.isEmpty()) {
      finish(msg.runId(), new RunOutcome(msg.runId(), null, msg.failure() + "; no node is left to resume on",
          List.of(), 0));
      return this;
    }
    run.attempt++;
    run.submit.replyTo().tell(new Resumed(msg.failure(), run.latest.time(), nodes.size()));
    start(msg.runId(), run);
    return this;
  }

  /**
   * Nobody waits for the run any more (its client died): it is stopped and its partitions dropped, so the cluster
   * is free for the run's resumption ({@code vstack run --resume}) instead of finishing a result nobody receives.
   */
  private Behavior<Command> onSubmitterGone(SubmitterGone msg) {
    Active run = active.remove(msg.runId());
    if (run == null) {
      return this;
    }
    getContext().getLog().warn("run {} abandoned: its submitter {} is gone; stopping it", msg.runId(),
        run.submit.replyTo());
    if (run.coordinator != null) {
      getContext().stop(run.coordinator);
    }
    run.hosts.forEach(node -> node.tell(new NodeAgent.Drop(run.hosting)));
    return this;
  }
}
