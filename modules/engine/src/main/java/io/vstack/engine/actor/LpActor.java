package io.vstack.engine.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Model;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.core.LpCore;
import io.vstack.engine.core.NoticeBuffer;
import java.util.List;

/**
 * One logical process as its own actor. It keeps its pending events in a private heap, handles those of a window
 * when its partition activates it, and sends events to other processes directly. With each report it lists
 * whom it sent to and for when, so the target's partition knows to activate the target without a receipt from
 * it: a local {@code tell} is enqueued before the sender's report, hence before any later activation.
 */
public final class LpActor extends AbstractBehavior<LpActor.Command> {

  public sealed interface Command permits Init, RunWindow, Deliver, Save, Collect {
  }

  /** Runs the process's start at time 0 with the directory of all processes, then reports. */
  public record Init(Directory directory) implements Command {
  }

  /** Handles every pending event stamped before {@code end}, then reports. */
  public record RunWindow(long end) implements Command {
  }

  /** An event from another process, sent at {@code sent}, to be handled at {@code time}. */
  public record Deliver(long time, long sent, long tie, Object payload) implements Command {
  }

  /** Asks for the process and its pending events, for a checkpoint at a barrier. */
  public record Save() implements Command {
  }

  /** Asks for the final figures. */
  public record Collect() implements Command {
  }

  private final int local;
  private final ActorRef<LpPartition.Command> partition;
  private final EventHeap pending = new EventHeap(8);
  private final LpCore<?> core;
  private final boolean resumed;
  private Directory directory;
  private final NoticeBuffer notices = new NoticeBuffer();

  /** Process {@code id} of {@code model}, fresh or (when {@code restored} is not null) with its saved events. */
  static Behavior<Command> create(int id, int local, Model model, long seed, Restored restored,
      DeliveryListener listener, ActorRef<LpPartition.Command> partition) {
    return Behaviors.setup(ctx -> new LpActor(ctx, id, local, model, seed, restored, listener, partition));
  }

  private LpActor(ActorContext<Command> ctx, int id, int local, Model model, long seed, Restored restored,
      DeliveryListener listener, ActorRef<LpPartition.Command> partition) {
    super(ctx);
    this.local = local;
    this.partition = partition;
    this.resumed = restored != null;
    this.core = LpCore.of(id, model, seed, restored, listener, this::post);
    if (restored != null) {
      restored.pendingInto(id, id + 1, pending);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(RunWindow.class, this::onRunWindow)
        .onMessage(Init.class, this::onInit)
        .onMessage(Save.class, this::onSave)
        .onMessage(Collect.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onDeliver(Deliver msg) {
    pending.push(msg.time(), msg.sent(), msg.tie(), core.id(), msg.payload());
    return this;
  }

  private Behavior<Command> onInit(Init msg) {
    directory = msg.directory();
    try {
      if (!resumed) {
        core.start();
      }
    } catch (RuntimeException e) {
      return failed(0, e);
    }
    return report();
  }

  private Behavior<Command> onRunWindow(RunWindow msg) {
    long time = 0;
    try {
      while (pending.peekTime() < msg.end()) {
        time = pending.peekTime();
        long tie = pending.peekTie();
        long sent = pending.peekSent();
        Object payload = pending.peekPayload();
        pending.removeTop();
        core.deliver(time, sent, tie, payload);
      }
    } catch (RuntimeException e) {
      return failed(time, e);
    }
    return report();
  }

  private Behavior<Command> onSave(Save msg) {
    partition.tell(new LpPartition.LpSaved(local, pending.slice(List.of(core.save()))));
    return this;
  }

  private Behavior<Command> onCollect(Collect msg) {
    partition.tell(new LpPartition.LpFinal(local, core.hash(), core.events(), core.now()));
    return this;
  }

  private void post(long time, long sent, long tie, int target, Object payload) {
    if (target == core.id()) {
      pending.push(time, sent, tie, target, payload);
      return;
    }
    directory.get(target).tell(new Deliver(time, sent, tie, payload));
    notices.add(target, time);
  }

  private Behavior<Command> report() {
    partition.tell(new LpPartition.LpDone(local, pending.peekTime(), notices.targets(), notices.times()));
    notices.clear();
    return this;
  }

  private Behavior<Command> failed(long time, RuntimeException e) {
    partition.tell(new LpPartition.LpFailed(core.id(), time, e));
    return Behaviors.stopped();
  }
}
