package io.vstack.engine.partitioned;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Model;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.core.EventBuffer;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.core.LpCore;
import io.vstack.engine.core.Partitioning;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import io.vstack.engine.window.WindowedPartition;

/**
 * One actor running a block of logical processes' handlers in-line from one local heap. Events between its own
 * processes never leave it; events for other partitions are batched and sent once per window, and only when
 * there are any.
 */
public final class InlinePartition extends WindowedPartition {

  /** Events another partition's processes sent to this partition's processes in one window. */
  public record Batch(EventBuffer events) implements PartitionCommand {
  }

  private final LpCore<?>[] cores;
  private final EventHeap heap;
  private final boolean restored;
  private EventBuffer[] outgoing;

  /** A partition of a fresh run ({@code restored} null) or of one resumed from a checkpoint. */
  public static Behavior<PartitionCommand> create(int index, Partitioning partitioning, Model model, long seed,
      DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    return Behaviors.setup(ctx -> {
      ctx.watch(coordinator);
      return new InlinePartition(ctx, index, partitioning, model, seed, listener, restored, coordinator);
    });
  }

  private InlinePartition(ActorContext<PartitionCommand> ctx, int index, Partitioning partitioning, Model model,
      long seed, DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    super(ctx, index, partitioning, restored, coordinator);
    this.cores = new LpCore<?>[size];
    this.heap = new EventHeap(size * 4);
    this.restored = restored != null;
    LpCore.Outbox outbox = this::post;
    for (int local = 0; local < size; local++) {
      cores[local] = LpCore.of(first + local, model, seed, restored, listener, outbox);
    }
    if (restored != null) {
      restored.pendingInto(first, first + size, heap);
    }
  }

  @Override
  public Receive<PartitionCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Batch.class, this::onBatch)
        .onMessage(PartitionCommand.OpenWindow.class, this::onOpenWindow)
        .onMessage(PartitionCommand.Start.class, this::onStart)
        .onMessage(PartitionCommand.TakeCheckpoint.class, this::onTakeCheckpoint)
        .onMessage(PartitionCommand.Finish.class, this::onFinish)
        .onSignal(Terminated.class, signal -> Behaviors.stopped())
        .build();
  }

  private Behavior<PartitionCommand> onStart(PartitionCommand.Start msg) {
    connect(msg.partitions());
    outgoing = new EventBuffer[msg.partitions().size()];
    openFirst();
    int current = first;
    try {
      for (int i = 0; i < cores.length && !restored; i++) {
        current = cores[i].id();
        cores[i].start();
      }
    } catch (RuntimeException e) {
      return failed(current, 0, e);
    }
    windowDone();
    return this;
  }

  private Behavior<PartitionCommand> onTakeCheckpoint(PartitionCommand.TakeCheckpoint msg) {
    reportSaved(msg.window(), heap.slice(LpCore.saveAll(cores)), msg.maxBytes());
    return this;
  }

  private Behavior<PartitionCommand> onOpenWindow(PartitionCommand.OpenWindow msg) {
    open(msg);
    long end = msg.end();
    long time = 0;
    int target = first;
    try {
      while (heap.peekTime() < end) {
        time = heap.peekTime();
        long tie = heap.peekTie();
        long sent = heap.peekSent();
        target = heap.peekTarget();
        Object payload = heap.peekPayload();
        heap.removeTop();
        cores[target - first].deliver(time, sent, tie, payload);
      }
    } catch (RuntimeException e) {
      return failed(target, time, e);
    }
    windowDone();
    return this;
  }

  private Behavior<PartitionCommand> onBatch(Batch msg) {
    msg.events().drainInto(heap);
    batchReceived(heap::peekTime);
    return this;
  }

  private void post(long time, long sent, long tie, int target, Object payload) {
    int p = partitioning.partitionOf(target);
    if (p == index) {
      heap.push(time, sent, tie, target, payload);
      return;
    }
    if (outgoing[p] == null) {
      outgoing[p] = new EventBuffer();
    }
    outgoing[p].add(time, sent, tie, target, payload);
  }

  private void windowDone() {
    settle(outgoing, Batch::new, heap.peekTime());
  }

  private Behavior<PartitionCommand> onFinish(PartitionCommand.Finish msg) {
    long[] hashes = new long[cores.length];
    long events = 0;
    long last = 0;
    for (int i = 0; i < cores.length; i++) {
      hashes[i] = cores[i].hash();
      events += cores[i].events();
      last = Math.max(last, cores[i].now());
    }
    reportFinished(hashes, events, last);
    return this;
  }

  private Behavior<PartitionCommand> failed(int id, long time, RuntimeException e) {
    reportFailure(id, time, e);
    return this;
  }
}
