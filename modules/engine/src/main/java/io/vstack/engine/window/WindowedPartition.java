package io.vstack.engine.window;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.checkpoint.Slice;
import io.vstack.engine.core.Partitioning;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A partition actor, whatever runs its processes: it hosts block {@code [first, first + size)} of them, keeps its
 * side of the window protocol (the window it is in, the batches it received from other partitions) and sends every
 * message the {@link ClockCoordinator} and its sibling partitions get from it. The subclasses differ only in how
 * they run events.
 */
public abstract class WindowedPartition extends AbstractBehavior<PartitionCommand> {
  protected final int index;
  protected final Partitioning partitioning;
  protected final int first;
  protected final int size;
  private final ActorRef<ClockCoordinator.Command> coordinator;
  private List<ActorRef<PartitionCommand>> partitions = List.of();
  private long window;
  private boolean inWindow;
  private long received;

  /** Partition {@code index} of a fresh run ({@code restored} null) or of one resumed from a checkpoint. */
  protected WindowedPartition(ActorContext<PartitionCommand> ctx, int index, Partitioning partitioning,
      Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    super(ctx);
    this.index = index;
    this.partitioning = partitioning;
    this.first = partitioning.first(index);
    this.size = partitioning.size(index);
    this.coordinator = coordinator;
    if (restored != null) {
      window = restored.checkpoint().window();
    }
  }

  /** Wires this partition to all of them, itself included, in index order. */
  protected final void connect(List<ActorRef<PartitionCommand>> all) {
    partitions = all;
  }

  /** The first window, which starts the processes (or goes on from the checkpoint's), is open. */
  protected final void openFirst() {
    inWindow = true;
  }

  protected final void open(PartitionCommand.OpenWindow msg) {
    window = msg.window();
    inWindow = true;
  }

  /**
   * Counts a batch of events from another partition. Between windows the coordinator is told, with this partition's
   * next event time, since it may be waiting for the batch before it opens the next window.
   */
  protected final void batchReceived(LongSupplier nextTime) {
    received++;
    if (!inWindow) {
      coordinator.tell(new ClockCoordinator.Received(index, received, nextTime.getAsLong()));
    }
  }

  /**
   * Closes the window: sends each partition with traffic in {@code outgoing} its batch (made by {@code batch}) and
   * empties it, then settles with the coordinator, saying whom it sent to and when its next event is.
   */
  protected final <B> void settle(B[] outgoing, Function<B, PartitionCommand> batch, long nextTime) {
    long[] sentTo = new long[partitions.size()];
    for (int p = 0; p < partitions.size(); p++) {
      if (outgoing[p] != null) {
        partitions.get(p).tell(batch.apply(outgoing[p]));
        outgoing[p] = null;
        sentTo[p] = 1;
      }
    }
    inWindow = false;
    coordinator.tell(new ClockCoordinator.Settled(index, window, nextTime, sentTo, received));
  }

  /** Hands the coordinator this partition's share of the checkpoint taken at window {@code checkpointWindow}. */
  protected final void reportSaved(long checkpointWindow, Slice slice, long maxBytes) {
    coordinator.tell(ClockCoordinator.saved(index, checkpointWindow, slice, maxBytes));
  }

  /** Hands the coordinator the hosted processes' final figures. */
  protected final void reportFinished(long[] hashes, long events, long lastEventTime) {
    coordinator.tell(new ClockCoordinator.Finished(index, hashes, events, lastEventTime));
  }

  /** Fails the run: process {@code id}'s handler threw {@code cause} at virtual time {@code time}. */
  protected final void reportFailure(int id, long time, Throwable cause) {
    coordinator.tell(new ClockCoordinator.Failed(index, new EngineFailure("process " + id + " failed at t=" + time
        + ": " + cause.getMessage(), cause)));
  }
}
