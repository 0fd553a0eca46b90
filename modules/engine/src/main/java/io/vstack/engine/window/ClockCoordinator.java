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
import io.vstack.engine.core.SequenceHash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Opens lookahead windows {@code [T, T + L)} one after another. It talks only to a handful of partitions, never
 * to individual processes: a window is complete when every partition has {@link Settled} it, which a partition
 * does only once everything sent to it in that window has arrived. The next window starts at the earliest
 * pending event anywhere, so empty stretches of virtual time cost nothing.
 */
public final class ClockCoordinator extends AbstractBehavior<ClockCoordinator.Command> {

  public static final String DISPATCHER = "vstack.engine.dispatcher";
  public static final String MAILBOX = "vstack.engine.mailbox";

  public sealed interface Command permits Settled, Finished, Failed {
  }

  /** Partition {@code partition} completed {@code window}; its earliest pending event is at {@code nextTime}. */
  public record Settled(int partition, long window, long nextTime) implements Command {
  }

  /** Partition {@code partition}'s final figures, its processes' sequence hashes in id order. */
  public record Finished(int partition, long[] hashes, long events, long lastEventTime) implements Command {
  }

  /** Partition {@code partition} failed; the run fails with {@code cause}. */
  public record Failed(int partition, Throwable cause) implements Command {
  }

  private final List<ActorRef<PartitionCommand>> partitions = new ArrayList<>();
  private final long lookahead;
  private final long horizon;
  private final CompletableFuture<RunResult> result;
  private final Finished[] finished;
  private long window;
  private int settled;
  private long nextTime = Long.MAX_VALUE;
  private int finishedCount;

  public static Behavior<Command> create(PartitionFactory factory, int partitionCount, long lookahead,
      long horizon, CompletableFuture<RunResult> result) {
    return Behaviors.setup(ctx -> new ClockCoordinator(ctx, factory, partitionCount, lookahead, horizon, result));
  }

  private ClockCoordinator(ActorContext<Command> ctx, PartitionFactory factory, int partitionCount,
      long lookahead, long horizon, CompletableFuture<RunResult> result) {
    super(ctx);
    this.lookahead = lookahead;
    this.horizon = horizon;
    this.result = result;
    this.finished = new Finished[partitionCount];
    for (int p = 0; p < partitionCount; p++) {
      ActorRef<PartitionCommand> ref = ctx.spawn(factory.create(p, ctx.getSelf()), "partition-" + p,
          DispatcherSelector.fromConfig(DISPATCHER));
      ctx.watch(ref);
      partitions.add(ref);
    }
    List<ActorRef<PartitionCommand>> wiring = List.copyOf(partitions);
    partitions.forEach(p -> p.tell(new PartitionCommand.Start(wiring)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Settled.class, this::onSettled)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Failed.class, this::onFailed)
        .onSignal(ChildFailed.class, signal -> fail(new EngineFailure("partition actor "
            + signal.getRef().path().name() + " crashed", signal.getCause())))
        .onSignal(Terminated.class, signal -> fail(new EngineFailure("partition actor "
            + signal.getRef().path().name() + " stopped before the run finished", null)))
        .build();
  }

  private Behavior<Command> onSettled(Settled msg) {
    if (msg.window() != window) {
      return fail(new IllegalStateException("partition " + msg.partition() + " settled window " + msg.window()
          + " while window " + window + " is open"));
    }
    nextTime = Math.min(nextTime, msg.nextTime());
    if (++settled < partitions.size()) {
      return this;
    }
    settled = 0;
    long start = nextTime;
    nextTime = Long.MAX_VALUE;
    if (start >= horizon) {
      partitions.forEach(p -> p.tell(new PartitionCommand.Finish()));
      return this;
    }
    window++;
    long end = Math.min(horizon, start > Long.MAX_VALUE - lookahead ? Long.MAX_VALUE : start + lookahead);
    PartitionCommand.OpenWindow open = new PartitionCommand.OpenWindow(window, end);
    partitions.forEach(p -> p.tell(open));
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
