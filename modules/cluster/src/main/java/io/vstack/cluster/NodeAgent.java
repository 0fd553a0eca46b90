package io.vstack.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Model;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.core.Partitioning;
import io.vstack.engine.hosted.HostedModel;
import io.vstack.engine.hosted.ModelSpec;
import io.vstack.engine.hosted.TraceRecording;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster member's host for simulation partitions. It registers with the receptionist; a run's client asks it
 * to host some partitions of a model, and it builds the model with the factory the run names, from the spec the
 * client resolved (shipped whole: no file of its own is read), and spawns those partitions, which announce
 * themselves to the run's coordinator. It knows no model's classes.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "vstack-node");

  public sealed interface Command extends ClusterMessage permits HostPartitions, FetchTrace, FetchState, Drop {
  }

  /**
   * Hosts partitions {@code indices} (of {@code partitions}) of run {@code runId}: the model {@code model} names, as
   * the client resolved it, run with {@code seed}, coordinated by {@code coordinator}; records the messages its
   * partitions deliver when {@code traceFilter} is not null (the model's trace filter spec, "" for everything).
   * With {@code checkpoint} parts (empty for a fresh run) the partitions resume from that checkpoint, taken after
   * {@code window} at {@code time}.
   */
  public record HostPartitions(String runId, ModelSpec model, long seed, int partitions,
      List<Integer> indices, ActorRef<ClockCoordinator.Command> coordinator, String traceFilter,
      List<byte[]> checkpoint, long window, long time) implements Command {
  }

  /** Sends this member's partial trace of finished run {@code runId} to {@code replyTo} in chunks, then forgets it. */
  public record FetchTrace(String runId, ActorRef<TraceChunk> replyTo) implements Command {
  }

  /** Sends the final reports of the components this member hosted in run {@code runId}, then forgets the run. */
  public record FetchState(String runId, ActorRef<StateReply> replyTo) implements Command {
  }

  /** Stops run {@code runId}'s partitions here and forgets the run: it was abandoned. */
  public record Drop(String runId) implements Command {
  }

  /** What {@link FetchState} answers: one component's report, or the end of this member's reports. */
  public sealed interface StateReply extends ClusterMessage permits ComponentReport, ReportsDone {
  }

  /** The final report of process {@code id}: a value of the model's wire protocol. */
  public record ComponentReport(int id, Object report) implements StateReply {
  }

  /** This member sent {@code count} reports; its heap peaked at {@code peakHeapBytes} during the run. */
  public record ReportsDone(String member, int count, long peakHeapBytes) implements StateReply {
  }

  /** Part {@code seq} of a member's partial trace; {@code last} marks the end (possibly empty). */
  public record TraceChunk(String member, long seq, byte[] data, boolean last) implements ClusterMessage {
  }

  private static final int CHUNK = 128 * 1024;
  private final Map<String, TraceRecording> recorders = new HashMap<>();
  private final Map<String, HostedModel> models = new HashMap<>();

  public static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new NodeAgent(ctx);
    });
  }

  private NodeAgent(ActorContext<Command> ctx) {
    super(ctx);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HostPartitions.class, this::onHost)
        .onMessage(FetchTrace.class, this::onFetchTrace)
        .onMessage(FetchState.class, this::onFetchState)
        .onMessage(Drop.class, this::onDrop)
        .build();
  }

  private Behavior<Command> onHost(HostPartitions msg) {
    HostedModel hosted;
    try {
      hosted = msg.model().build();
    } catch (RuntimeException e) {
      msg.indices().forEach(i -> msg.coordinator().tell(new ClockCoordinator.Failed(i,
          new IllegalArgumentException(getContext().getSystem().address() + ": " + e.getMessage()))));
      return this;
    }
    String run = msg.runId().replaceFirst("-resumed-\\d+$", "");
    models.keySet().removeIf(id -> id.equals(run) || id.startsWith(run + "-resumed-"));
    models.put(msg.runId(), hosted);
    Model model = hosted.model();
    ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .forEach(MemoryPoolMXBean::resetPeakUsage);
    Partitioning partitioning = new Partitioning(model.processCount(), msg.partitions());
    DeliveryListener listener = DeliveryListener.NONE;
    TraceRecording recorder = msg.traceFilter() == null ? null : hosted.recorder(msg.traceFilter());
    if (recorder != null) {
      recorders.put(msg.runId(), recorder);
      listener = recorder;
    }
    Restored restored;
    try {
      restored = msg.checkpoint().isEmpty() ? null : new Restored(new Checkpoint(msg.window(), msg.time(),
          msg.checkpoint()), model.processCount());
    } catch (RuntimeException e) {
      msg.indices().forEach(i -> msg.coordinator().tell(new ClockCoordinator.Failed(i,
          new IllegalStateException(getContext().getSystem().address() + ": " + e.getMessage()))));
      return this;
    }
    for (int index : msg.indices()) {
      ActorRef<PartitionCommand> partition = getContext().spawn(
          InlinePartition.create(index, partitioning, model, msg.seed(), listener, restored,
              msg.coordinator()),
          msg.runId() + "-partition-" + index, DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER));
      msg.coordinator().tell(new ClockCoordinator.Hosted(index, partition));
    }
    return this;
  }

  private Behavior<Command> onDrop(Drop msg) {
    String prefix = msg.runId() + "-partition-";
    getContext().getChildren().forEach(child -> {
      if (child.path().name().startsWith(prefix)) {
        getContext().stop(child);
      }
    });
    models.remove(msg.runId());
    recorders.remove(msg.runId());
    return this;
  }

  private Behavior<Command> onFetchState(FetchState msg) {
    HostedModel hosted = models.remove(msg.runId());
    int count = 0;
    for (int id = 0; hosted != null && id < hosted.model().processCount(); id++) {
      Object report = hosted.report(id);
      if (report != null) {
        msg.replyTo().tell(new ComponentReport(id, report));
        count++;
      }
    }
    msg.replyTo().tell(new ReportsDone(getContext().getSystem().address().toString(), count, peakHeap()));
    return this;
  }

  /** Sum of the heap pools' peaks since the last run was hosted: an upper bound on the peak heap in use. */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private Behavior<Command> onFetchTrace(FetchTrace msg) throws IOException {
    String member = getContext().getSystem().address().toString();
    TraceRecording recorder = recorders.remove(msg.runId());
    if (recorder == null) {
      msg.replyTo().tell(new TraceChunk(member, 0, new byte[0], true));
      return this;
    }
    Path file = Files.createTempFile("vstack-partial-trace", ".jsonl.gz");
    try {
      recorder.writePartial(file);
      byte[] bytes = Files.readAllBytes(file);
      long seq = 0;
      for (int at = 0; at < bytes.length || seq == 0; at += CHUNK) {
        int end = Math.min(bytes.length, at + CHUNK);
        msg.replyTo().tell(new TraceChunk(member, seq++, Arrays.copyOfRange(bytes, at, end), end == bytes.length));
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return this;
  }
}
