package io.vstack.engine.window;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.CheckpointCodec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.checkpoint.Slice;
import io.vstack.engine.core.SequenceHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Opens lookahead windows {@code [T, T + L)} one after another. It talks only to a handful of partitions, never
 * to individual processes, and only to those with an event in the window. A window is complete when every
 * partition it opened has {@link Settled} it and every batch sent in it has been reported received: partitions
 * say how many batches they sent to each other partition, and a partition that receives one outside its own
 * window reports the new total with {@link Received}. All counts are cumulative, so a report can never be
 * counted twice. The next window starts at the earliest pending event anywhere, so empty stretches of virtual
 * time cost nothing.
 */
public final class ClockCoordinator extends AbstractBehavior<ClockCoordinator.Command> {

  public static final String DISPATCHER = "vstack.engine.dispatcher";
  public static final String MAILBOX = "vstack.engine.mailbox";

  public sealed interface Command permits Hosted, Settled, Received, Saved, Finished, Failed {
  }

  /** Partition {@code partition} exists (spawned elsewhere, e.g. on another cluster member) at {@code ref}. */
  public record Hosted(int partition, ActorRef<PartitionCommand> ref) implements Command {
  }

  /**
   * Partition {@code partition} delivered its events of {@code window}; it has sent {@code sentTo[q]} batches
   * to partition q in this window, has received {@code received} batches since the run began, and its earliest
   * pending event is at {@code nextTime}.
   */
  public record Settled(int partition, long window, long nextTime, long[] sentTo, long received)
      implements Command {
  }

  /** Partition {@code partition} received a batch outside its own window: new total and earliest event. */
  public record Received(int partition, long received, long nextTime) implements Command {
  }

  /** Partition {@code partition}'s share of the checkpoint after {@code window}: its encoded slice. */
  public record Saved(int partition, long window, byte[] part) implements Command {
  }

  /**
   * What partition {@code partition} answers to {@link PartitionCommand.TakeCheckpoint}: {@link Saved} with
   * {@code slice} encoded, or {@link Failed} if it cannot be (not serializable, longer than {@code maxBytes}).
   */
  public static Command saved(int partition, long window, Slice slice, long maxBytes) {
    try {
      return new Saved(partition, window, CheckpointCodec.encode(slice, partition, maxBytes));
    } catch (RuntimeException e) {
      return new Failed(partition, new EngineFailure("partition " + partition + " could not checkpoint: "
          + e.getMessage(), e));
    }
  }

  /** Partition {@code partition}'s final figures, its processes' sequence hashes in id order. */
  public record Finished(int partition, long[] hashes, long events, long lastEventTime) implements Command {
  }

  /** Partition {@code partition} failed; the run fails with {@code cause}. */
  public record Failed(int partition, Throwable cause) implements Command {
  }

  private final List<ActorRef<PartitionCommand>> partitions = new ArrayList<>();
  private final ActorRef<PartitionCommand>[] hosted;
  private final long[][] batches;
  private final Consumer<long[][]> batchSink;
  private int hostedCount;
  private final long lookahead;
  private final long horizon;
  private final CompletableFuture<RunResult> result;
  private final Finished[] finished;
  private final long[] next;
  private final long[] received;
  private final long[] expected;
  private final Checkpointing checkpointing;
  private final Checkpointing.Timer timer;
  private byte[][] parts;
  private int awaitingParts;
  private long checkpointTime;
  private long window;
  private int awaiting;
  private int finishedCount;

  public static Behavior<Command> create(PartitionFactory factory, int partitionCount, long lookahead,
      long horizon, CompletableFuture<RunResult> result) {
    return create(factory, partitionCount, lookahead, horizon, result, Checkpointing.NONE);
  }

  /**
   * A coordinator that also checkpoints as {@code checkpointing} says; when it resumes, its partitions must have
   * been made from the same checkpoint.
   */
  public static Behavior<Command> create(PartitionFactory factory, int partitionCount, long lookahead,
      long horizon, CompletableFuture<RunResult> result, Checkpointing checkpointing) {
    return Behaviors.setup(ctx -> new ClockCoordinator(ctx, factory, partitionCount, lookahead, horizon, result,
        matrix -> { }, checkpointing));
  }

  /**
   * A coordinator whose partitions are spawned elsewhere and announce themselves with {@link Hosted}; at the end
   * {@code batchSink} gets how many batches each partition sent each other one ({@code [from][to]}).
   */
  public static Behavior<Command> awaitingPartitions(int partitionCount, long lookahead, long horizon,
      CompletableFuture<RunResult> result, Consumer<long[][]> batchSink) {
    return awaitingPartitions(partitionCount, lookahead, horizon, result, batchSink, Checkpointing.NONE);
  }

  /** As above, checkpointing as {@code checkpointing} says (its partitions must resume from the same checkpoint). */
  public static Behavior<Command> awaitingPartitions(int partitionCount, long lookahead, long horizon,
      CompletableFuture<RunResult> result, Consumer<long[][]> batchSink, Checkpointing checkpointing) {
    return Behaviors.setup(ctx -> new ClockCoordinator(ctx, null, partitionCount, lookahead, horizon, result,
        batchSink, checkpointing));
  }

  @SuppressWarnings("unchecked")
  private ClockCoordinator(ActorContext<Command> ctx, PartitionFactory factory, int partitionCount,
      long lookahead, long horizon, CompletableFuture<RunResult> result, Consumer<long[][]> batchSink,
      Checkpointing checkpointing) {
    super(ctx);
    this.checkpointing = checkpointing;
    this.timer = checkpointing.timer();
    this.window = checkpointing.resumeFrom() == null ? 0 : checkpointing.resumeFrom().window();
    this.hosted = new ActorRef[partitionCount];
    this.batches = new long[partitionCount][partitionCount];
    this.batchSink = batchSink;
    this.lookahead = lookahead;
    this.horizon = horizon;
    this.result = result;
    this.finished = new Finished[partitionCount];
    this.next = new long[partitionCount];
    this.received = new long[partitionCount];
    this.expected = new long[partitionCount];
    if (factory != null) {
      for (int p = 0; p < partitionCount; p++) {
        ctx.getSelf().tell(new Hosted(p, ctx.spawn(factory.create(p, ctx.getSelf()), "partition-" + p,
            DispatcherSelector.fromConfig(DISPATCHER))));
      }
    }
  }

  private Behavior<Command> onHosted(Hosted msg) {
    if (hosted[msg.partition()] != null) {
      return fail(new IllegalStateException("partition " + msg.partition() + " announced twice"));
    }
    hosted[msg.partition()] = msg.ref();
    getContext().watch(msg.ref());
    if (++hostedCount < hosted.length) {
      return this;
    }
    partitions.addAll(List.of(hosted));
    List<ActorRef<PartitionCommand>> wiring = List.copyOf(partitions);
    awaiting = hosted.length;
    partitions.forEach(p -> p.tell(new PartitionCommand.Start(wiring)));
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Hosted.class, this::onHosted)
        .onMessage(Settled.class, this::onSettled)
        .onMessage(Received.class, this::onReceived)
        .onMessage(Saved.class, this::onSaved)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Failed.class, this::onFailed)
        .onSignal(ChildFailed.class, signal -> fail(new EngineFailure("partition actor "
            + signal.getRef().path().name() + " crashed", signal.getCause())))
        .onSignal(Terminated.class, signal -> fail(EngineFailure.partitionLost("partition actor "
            + signal.getRef().path() + " stopped before the run finished (did its cluster member leave or "
            + "crash?)")))
        .build();
  }

  private Behavior<Command> onSettled(Settled msg) {
    if (msg.window() != window) {
      return fail(new IllegalStateException("partition " + msg.partition() + " settled window " + msg.window()
          + " while window " + window + " is open"));
    }
    next[msg.partition()] = msg.nextTime();
    received[msg.partition()] = msg.received();
    for (int q = 0; q < expected.length; q++) {
      expected[q] += msg.sentTo()[q];
      batches[msg.partition()][q] += msg.sentTo()[q];
    }
    awaiting--;
    return tryAdvance();
  }

  private Behavior<Command> onReceived(Received msg) {
    next[msg.partition()] = msg.nextTime();
    received[msg.partition()] = msg.received();
    return tryAdvance();
  }

  private Behavior<Command> tryAdvance() {
    if (awaiting != 0 || !Arrays.equals(received, expected)) {
      return this;
    }
    long start = Long.MAX_VALUE;
    for (long t : next) {
      start = Math.min(start, t);
    }
    if (start >= horizon) {
      awaiting = -1;
      partitions.forEach(p -> p.tell(new PartitionCommand.Finish()));
      return this;
    }
    if (checkpointing.takes() && timer.due(window)) {
      checkpointTime = start;
      parts = new byte[partitions.size()][];
      awaitingParts = parts.length;
      PartitionCommand.TakeCheckpoint take = new PartitionCommand.TakeCheckpoint(window,
          checkpointing.maxPartBytes());
      partitions.forEach(p -> p.tell(take));
      return this;
    }
    return open(start);
  }

  /** Every partition is idle and nothing is in flight: the barrier is a consistent cut. */
  private Behavior<Command> onSaved(Saved msg) {
    if (msg.window() != window || parts == null || parts[msg.partition()] != null) {
      return fail(new IllegalStateException("partition " + msg.partition() + " sent a checkpoint for window "
          + msg.window() + " that was not asked for"));
    }
    parts[msg.partition()] = msg.part();
    if (--awaitingParts > 0) {
      return this;
    }
    try {
      checkpointing.sink().save(new Checkpoint(window, checkpointTime, List.of(parts)));
      timer.taken();
    } catch (RuntimeException e) {
      return fail(new EngineFailure("checkpoint after window " + window + " failed: " + e.getMessage(), e));
    }
    parts = null;
    return open(checkpointTime);
  }

  private Behavior<Command> open(long start) {
    window++;
    long end = Math.min(horizon, start > Long.MAX_VALUE - lookahead ? Long.MAX_VALUE : start + lookahead);
    PartitionCommand.OpenWindow open = new PartitionCommand.OpenWindow(window, end);
    for (int p = 0; p < next.length; p++) {
      if (next[p] < end) {
        awaiting++;
        partitions.get(p).tell(open);
      }
    }
    return this;
  }

  private Behavior<Command> onFinished(Finished msg) {
    finished[msg.partition()] = msg;
    if (++finishedCount < finished.length) {
      return this;
    }
    int processes = 0;
    for (Finished f : finished) {
      processes += f.hashes().length;
    }
    long[] hashes = new long[processes];
    long events = 0;
    long last = 0;
    int at = 0;
    for (Finished f : finished) {
      System.arraycopy(f.hashes(), 0, hashes, at, f.hashes().length);
      at += f.hashes().length;
      events += f.events();
      last = Math.max(last, f.lastEventTime());
    }
    batchSink.accept(batches);
    result.complete(new RunResult(events, last, SequenceHash.combine(hashes), window));
    return Behaviors.stopped();
  }

  private Behavior<Command> onFailed(Failed msg) {
    return fail(msg.cause());
  }

  private Behavior<Command> fail(Throwable cause) {
    if (!result.isDone()) {
      result.completeExceptionally(cause);
    }
    return Behaviors.stopped();
  }
}
