package io.vstack.engine.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Model;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.checkpoint.Slice;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.core.NoticeBuffer;
import io.vstack.engine.core.Partitioning;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import io.vstack.engine.window.WindowedPartition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hosts a block of {@link LpActor}s and settles windows for them. It activates only the processes with an event
 * in the window (found through a heap of their next event times, never by scanning all of them), forwards its
 * processes' send notices to the partitions of the targets once per window (only to those with notices), and
 * settles when its own processes are done.
 */
public final class LpPartition extends WindowedPartition {

  /** All of partition {@code partition}'s process actors, in id order. */
  public record Members(int partition, List<ActorRef<LpActor.Command>> lps) implements PartitionCommand {
  }

  /** Processes of this partition that were sent events in one window, and the events' times. */
  public record Notices(int[] targets, long[] times) implements PartitionCommand {
  }

  /** Internal: what hosted processes report back. */
  public sealed interface Command extends PartitionCommand permits LpDone, LpSaved, LpFinal, LpFailed {
  }

  /** A hosted process finished its window; its next pending event and whom it sent to. */
  public record LpDone(int local, long next, int[] targets, long[] times) implements Command {
  }

  /** A hosted process and its pending events, for a checkpoint. */
  public record LpSaved(int local, Slice slice) implements Command {
  }

  /** A hosted process's final figures. */
  public record LpFinal(int local, long hash, long events, long now) implements Command {
  }

  /** A hosted process's handler failed at virtual time {@code time}. */
  public record LpFailed(int id, long time, Throwable cause) implements Command {
  }

  private static final long NONE = Long.MAX_VALUE;

  private final List<ActorRef<LpActor.Command>> lps = new ArrayList<>();
  private final long[] next;
  private final EventHeap activation;
  private final List<List<ActorRef<LpActor.Command>>> members;
  private NoticeBuffer[] outgoing;
  private int membersReceived;
  private int active;
  private final long[] finalHashes;
  private long finalEvents;
  private long finalLast;
  private int finals;
  private final Slice[] saved;
  private int savedCount;
  private long checkpointWindow;
  private long checkpointMaxBytes;

  /** A partition of a fresh run ({@code restored} null) or of one resumed from a checkpoint. */
  public static Behavior<PartitionCommand> create(int index, Partitioning partitioning, Model model, long seed,
      DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    return Behaviors.setup(ctx -> new LpPartition(ctx, index, partitioning, model, seed, listener, restored,
        coordinator));
  }

  private LpPartition(ActorContext<PartitionCommand> ctx, int index, Partitioning partitioning, Model model,
      long seed, DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    super(ctx, index, partitioning, restored, coordinator);
    this.next = new long[size];
    this.finalHashes = new long[size];
    this.saved = new Slice[size];
    this.activation = new EventHeap(size);
    this.members = new ArrayList<>();
    for (int p = 0; p < partitioning.partitions(); p++) {
      members.add(null);
    }
    ActorRef<Command> self = ctx.getSelf().narrow();
    Props props = DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER)
        .withNext(MailboxSelector.fromConfig(ClockCoordinator.MAILBOX));
    for (int local = 0; local < size; local++) {
      int id = first + local;
      lps.add(ctx.spawn(LpActor.create(id, local, model, seed, restored, listener, self), "lp-" + id, props));
    }
  }

  @Override
  public Receive<PartitionCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(LpDone.class, this::onLpDone)
        .onMessage(Notices.class, this::onNotices)
        .onMessage(PartitionCommand.OpenWindow.class, this::onOpenWindow)
        .onMessage(PartitionCommand.Start.class, this::onStart)
        .onMessage(Members.class, this::onMembers)
        .onMessage(PartitionCommand.TakeCheckpoint.class, this::onTakeCheckpoint)
        .onMessage(LpSaved.class, this::onLpSaved)
        .onMessage(PartitionCommand.Finish.class, this::onFinish)
        .onMessage(LpFinal.class, this::onLpFinal)
        .onMessage(LpFailed.class, this::onLpFailed)
        .build();
  }

  private Behavior<PartitionCommand> onStart(PartitionCommand.Start msg) {
    connect(msg.partitions());
    outgoing = new NoticeBuffer[msg.partitions().size()];
    Members mine = new Members(index, List.copyOf(lps));
    msg.partitions().forEach(p -> p.tell(mine));
    return this;
  }

  private Behavior<PartitionCommand> onMembers(Members msg) {
    members.set(msg.partition(), msg.lps());
    if (++membersReceived == partitioning.partitions()) {
      LpActor.Init init = new LpActor.Init(new Directory(members));
      Arrays.fill(next, NONE);
      active = lps.size();
      openFirst();
      lps.forEach(lp -> lp.tell(init));
    }
    return this;
  }

  private Behavior<PartitionCommand> onOpenWindow(PartitionCommand.OpenWindow msg) {
    open(msg);
    LpActor.RunWindow run = new LpActor.RunWindow(msg.end());
    while (activation.peekTime() < msg.end()) {
      long time = activation.peekTime();
      int local = activation.peekTarget();
      activation.removeTop();
      if (next[local] == time) {
        next[local] = NONE;
        active++;
        lps.get(local).tell(run);
      }
    }
    if (active == 0) {
      windowDone();
    }
    return this;
  }

  private Behavior<PartitionCommand> onLpDone(LpDone msg) {
    noteNext(msg.local(), msg.next());
    int[] targets = msg.targets();
    long[] times = msg.times();
    for (int i = 0; i < targets.length; i++) {
      int p = partitioning.partitionOf(targets[i]);
      if (p == index) {
        noteNext(targets[i] - first, times[i]);
      } else {
        if (outgoing[p] == null) {
          outgoing[p] = new NoticeBuffer();
        }
        outgoing[p].add(targets[i], times[i]);
      }
    }
    if (--active == 0) {
      windowDone();
    }
    return this;
  }

  private Behavior<PartitionCommand> onNotices(Notices msg) {
    int[] targets = msg.targets();
    long[] times = msg.times();
    for (int i = 0; i < targets.length; i++) {
      noteNext(targets[i] - first, times[i]);
    }
    batchReceived(this::nextTime);
    return this;
  }

  private void noteNext(int local, long time) {
    if (time < next[local]) {
      next[local] = time;
      activation.push(time, 0, 0, local, null);
    }
  }

  private void windowDone() {
    settle(outgoing, buffer -> new Notices(buffer.targets(), buffer.times()), nextTime());
  }

  /** Earliest next event of a hosted process; drops activation entries that no longer hold. */
  private long nextTime() {
    while (activation.peekTime() != NONE && next[activation.peekTarget()] != activation.peekTime()) {
      activation.removeTop();
    }
    return activation.peekTime();
  }

  private Behavior<PartitionCommand> onTakeCheckpoint(PartitionCommand.TakeCheckpoint msg) {
    checkpointWindow = msg.window();
    checkpointMaxBytes = msg.maxBytes();
    LpActor.Save save = new LpActor.Save();
    lps.forEach(lp -> lp.tell(save));
    return this;
  }

  private Behavior<PartitionCommand> onLpSaved(LpSaved msg) {
    saved[msg.local()] = msg.slice();
    if (++savedCount < saved.length) {
      return this;
    }
    savedCount = 0;
    reportSaved(checkpointWindow, Slice.join(saved), checkpointMaxBytes);
    Arrays.fill(saved, null);
    return this;
  }

  private Behavior<PartitionCommand> onFinish(PartitionCommand.Finish msg) {
    LpActor.Collect collect = new LpActor.Collect();
    lps.forEach(lp -> lp.tell(collect));
    return this;
  }

  private Behavior<PartitionCommand> onLpFinal(LpFinal msg) {
    finalHashes[msg.local()] = msg.hash();
    finalEvents += msg.events();
    finalLast = Math.max(finalLast, msg.now());
    if (++finals == lps.size()) {
      reportFinished(finalHashes, finalEvents, finalLast);
    }
    return this;
  }

  private Behavior<PartitionCommand> onLpFailed(LpFailed msg) {
    reportFailure(msg.id(), msg.time(), msg.cause());
    return this;
  }
}
