package io.vstack.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.PostStop;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.Executor;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.hosted.ModelSpec;
import io.vstack.engine.hosted.PartialTraces;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a model across the cluster's members by submitting it to the {@link RunManager} singleton: the
 * partitioned executor's protocol with partition {@code p} on the {@code p mod M}-th node (ordered by address, so
 * placement is the same for the same membership), the clock coordinator next to the singleton, and every
 * cross-member event batched once per window with exact counts. The result is identical to a single-JVM run. The
 * model is built on each member by the factory its {@link ModelSpec} names, from the spec shipped whole, so every
 * member builds exactly the configuration the client resolved; the {@link Model} passed in gives its size and
 * lookahead.
 * If a node leaves while the run is in flight the run fails with a message naming it, unless the run checkpoints:
 * then it resumes from its latest checkpoint (see {@link RunManager}).
 */
public final class ClusterExecutor implements Executor {
  private static final AtomicLong RUNS = new AtomicLong();

  private final ActorSystem<?> system;
  private final int partitions;
  private final ModelSpec model;
  private final Checkpointing checkpointing;
  private final Progress progress;

  /** What a clustered run tells its client as it goes. */
  @FunctionalInterface
  public interface Progress {
    /** A line for the person running it: a checkpoint taken, a member lost, the run resumed. */
    void line(String text);

    /** An attempt of the run started, with partitions on the members at {@code members} (in placement order). */
    default void started(List<String> members) {
    }
  }

  /** An executor that runs {@code model} on the cluster's members. */
  public ClusterExecutor(ActorSystem<?> system, int partitions, ModelSpec model) {
    this(system, partitions, model, Checkpointing.NONE, line -> { });
  }

  /**
   * An executor whose runs checkpoint as {@code checkpointing} says, and so survive the loss of any one node: the
   * run manager resumes them, or, when the run manager's own node is lost, this client resubmits the latest
   * checkpoint it was sent. Each checkpoint also goes to {@code checkpointing}'s sink (to be stored, so that the
   * run outlives this client too); a run starts from its {@code resumeFrom} when there is one. {@code progress}
   * hears where each attempt's partitions run, and about checkpoints and resumptions.
   */
  public ClusterExecutor(ActorSystem<?> system, int partitions, ModelSpec model, Checkpointing checkpointing,
      Progress progress) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    this.system = system;
    this.partitions = partitions;
    this.model = model;
    this.checkpointing = checkpointing;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "cluster";
  }

  /** The members of {@code system}'s cluster hosting partitions, in placement order. */
  public static List<ActorRef<NodeAgent.Command>> nodes(ActorSystem<?> system) {
    Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
        reply -> Receptionist.find(NodeAgent.KEY, reply), Duration.ofSeconds(10), system.scheduler())
        .toCompletableFuture().join();
    List<ActorRef<NodeAgent.Command>> nodes = new ArrayList<>(listing.getServiceInstances(NodeAgent.KEY));
    nodes.sort(Comparator.comparing(ref -> ref.path().address().toString()));
    return nodes;
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    return runCounted(model, spec).result();
  }

  /**
   * Runs {@code model} as {@code spec} says, without gathering the processes' final reports (their members may be
   * near their heap's limit); returns the result and the event batches that crossed between members.
   */
  public Outcome runCounted(Model model, RunSpec spec) {
    RunManager.RunOutcome outcome = submit(model, spec, null);
    return new Outcome(outcome.result(), Map.of(), outcome.crossMemberBatches(), List.of());
  }

  /**
   * A clustered run's outcome and every process's final report (by process id, as its model's factory gives them),
   * gathered from the members; how many event batches crossed between members, and each member's peak heap (bytes,
   * an upper bound) during the run.
   */
  public record Outcome(RunResult result, Map<Integer, Object> reports, long crossMemberBatches,
      List<Long> memberPeakHeap) {
  }

  /**
   * Runs the model as {@code spec} says and gathers every process's final report from the members, so that the
   * caller reads them as after a single-JVM run; records a trace when {@code traceSpec} is not null (the model's
   * trace filter spec) and hands the members' partial traces to {@code traces}.
   */
  public Outcome runFull(RunSpec spec, String traceSpec, PartialTraces traces) throws IOException {
    RunManager.RunOutcome outcome = submit(model.build().model(), spec, traceSpec);
    if (traceSpec != null) {
      List<Path> partials = new ArrayList<>();
      try {
        for (ActorRef<NodeAgent.Command> node : outcome.nodes()) {
          partials.add(fetchPartial(node, outcome.runId()));
        }
        traces.merge(partials);
      } finally {
        for (Path p : partials) {
          Files.deleteIfExists(p);
        }
      }
    }
    Map<Integer, Object> reports = new TreeMap<>();
    List<Long> heaps = new ArrayList<>();
    for (ActorRef<NodeAgent.Command> node : outcome.nodes()) {
      heaps.add(fetchState(node, outcome.runId(), reports));
    }
    return new Outcome(outcome.result(), reports, outcome.crossMemberBatches(), heaps);
  }

  /** Adds the member's component reports to {@code into}; returns its peak heap. */
  private long fetchState(ActorRef<NodeAgent.Command> node, String runId, Map<Integer, Object> into) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    Map<Integer, Object> reports = new TreeMap<>();
    system.systemActorOf(Behaviors.<NodeAgent.StateReply>setup(ctx -> {
      node.tell(new NodeAgent.FetchState(runId, ctx.getSelf()));
      return Behaviors.receiveMessage(reply -> {
        if (reply instanceof NodeAgent.ComponentReport r) {
          reports.put(r.id(), r.report());
          return Behaviors.same();
        }
        done.complete(((NodeAgent.ReportsDone) reply).peakHeapBytes());
        return Behaviors.stopped();
      });
    }), "vstack-state-fetch-" + RUNS.incrementAndGet(), Props.empty());
    long heap = done.join();
    into.putAll(reports);
    return heap;
  }

  private Path fetchPartial(ActorRef<NodeAgent.Command> node, String runId) throws IOException {
    Path file = Files.createTempFile("vstack-partial", ".jsonl.gz");
    CompletableFuture<Void> done = new CompletableFuture<>();
    OutputStream out = Files.newOutputStream(file);
    system.systemActorOf(Behaviors.<NodeAgent.TraceChunk>setup(ctx -> {
      node.tell(new NodeAgent.FetchTrace(runId, ctx.getSelf()));
      return Behaviors.receiveMessage(chunk -> {
        out.write(chunk.data());
        if (chunk.last()) {
          out.close();
          done.complete(null);
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    }), "vstack-trace-fetch-" + RUNS.incrementAndGet(), Props.empty());
    done.join();
    return file;
  }

  /**
   * The oldest member with role node that is up and not in {@code gone} (where the run manager singleton runs), or
   * null if there is none.
   */
  private Address oldestNode(Set<Address> gone) {
    Member oldest = null;
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.hasRole("node") && m.status() == MemberStatus.up() && !gone.contains(m.address())
          && (oldest == null || m.isOlderThan(oldest))) {
        oldest = m;
      }
    }
    return oldest == null ? null : oldest.address();
  }

  private RunManager.RunOutcome submit(Model sized, RunSpec spec, String traceFilter) {
    CompletableFuture<RunManager.RunOutcome> outcome = new CompletableFuture<>();
    ActorRef<RunManager.Command> manager = ClusterNode.runManager(system);
    boolean checkpoints = checkpointing.takes();
    Set<Address> gone = new HashSet<>();
    Address[] managerHost = {oldestNode(gone)};
    Checkpoint from = checkpointing.resumeFrom();
    RunManager.Checkpointed[] latest = {from == null ? null
        : new RunManager.Checkpointed(from.window(), from.time(), from.parts())};
    system.systemActorOf(Behaviors.<Object>setup(ctx -> {
      ActorRef<ClusterEvent.MemberRemoved> removals = ctx.messageAdapter(ClusterEvent.MemberRemoved.class, e -> e);
      Cluster.get(system).subscriptions().tell(Subscribe.create(removals, ClusterEvent.MemberRemoved.class));
      Runnable submit = () -> manager.tell(new RunManager.SubmitRun(model, partitions, sized.processCount(),
          sized.lookahead(), spec.seed(), spec.horizon(), traceFilter, checkpointing.everyWindows(),
          checkpointing.everyWallNanos(), latest[0], ctx.getSelf().narrow()));
      submit.run();
      return Behaviors.receive(Object.class)
          .onMessage(RunManager.RunOutcome.class, o -> {
            outcome.complete(o);
            return Behaviors.stopped();
          })
          .onMessage(RunManager.Started.class, started -> {
            progress.started(started.members());
            return Behaviors.same();
          })
          .onMessage(RunManager.Checkpointed.class, c -> {
            latest[0] = c;
            checkpointing.sink().save(new Checkpoint(c.window(), c.time(), c.parts()));
            progress.line(String.format("checkpoint at virtual time %.3f s (%,d KiB)", c.time() / 1e9,
                c.bytes() / 1024));
            return Behaviors.same();
          })
          .onMessage(RunManager.Resumed.class, r -> {
            progress.line(String.format("%s; resuming from the checkpoint at virtual time %.3f s on %d nodes",
                r.failure(), r.time() / 1e9, r.nodes()));
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberRemoved.class, e -> {
            Address lost = e.member().address();
            if (!e.member().hasRole("node")) {
              return Behaviors.same();
            }
            gone.add(lost);
            if (oldestNode(gone) == null) {
              outcome.completeExceptionally(new EngineFailure("every cluster node left during the run (the last: "
                  + lost + ")" + (checkpoints && latest[0] != null ? String.format("; its latest checkpoint is at "
                  + "virtual time %.3f s", latest[0].time() / 1e9) : ""), null));
              return Behaviors.stopped();
            }
            boolean managers = lost.equals(managerHost[0]);
            if (checkpoints && latest[0] != null && managers) {
              managerHost[0] = oldestNode(gone);
              progress.line(String.format("the run manager's member %s was lost; resubmitting from the "
                  + "checkpoint at virtual time %.3f s", lost, latest[0].time() / 1e9));
              submit.run();
              return Behaviors.same();
            }
            if (!checkpoints || managers) {
              outcome.completeExceptionally(new EngineFailure("cluster member " + lost + " left during the run",
                  null));
              return Behaviors.stopped();
            }
            // A node other than the run manager's, under a checkpointing run: the run manager resumes it.
            return Behaviors.same();
          })
          .onSignal(PostStop.class, stopped -> {
            // Stopped without an outcome: this client's actor system is going down, e.g. the split-brain resolver
            // downed this client when it found itself on the minority side.
            outcome.completeExceptionally(new EngineFailure("this client left the cluster before the run "
                + "finished (" + Cluster.get(system).selfMember().status() + ")", null));
            return Behaviors.same();
          })
          .build();
    }), "vstack-run-client-" + RUNS.incrementAndGet(), Props.empty());
    RunManager.RunOutcome o;
    try {
      o = outcome.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof EngineFailure f ? f : new EngineFailure("cluster run failed: "
          + e.getCause().getMessage(), e.getCause());
    }
    if (o.failure() != null) {
      throw new EngineFailure(o.failure(), null);
    }
    return o;
  }
}
