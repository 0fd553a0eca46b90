package io.vstack.cluster.checkpoint;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import io.vstack.cluster.ClusterMessage;
import io.vstack.engine.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.List;

/**
 * One run's checkpoints, event-sourced with Akka Persistence on the JDBC journal: what the run is (its plan, saved
 * once) and its latest checkpoint. Every saved checkpoint is also snapshotted and only the newest snapshot is kept,
 * so recovery reads one snapshot, not a history of large events. A write that fails (the database is down) stores
 * nothing: the previous checkpoint stays the latest, and the actor restarts with backoff to take the next one.
 */
public final class CheckpointJournal extends EventSourcedBehavior<CheckpointJournal.Command,
    CheckpointJournal.Event, CheckpointJournal.State> {

  public sealed interface Command extends ClusterMessage permits Plan, Save, Discard, Latest {
  }

  /** Records what the run is ({@code plan}: encoded by the command that runs it), before its first checkpoint. */
  public record Plan(byte[] plan, ActorRef<Done> replyTo) implements Command {
  }

  /** Stores {@code checkpoint} as the run's latest. */
  public record Save(Stored checkpoint, ActorRef<Done> replyTo) implements Command {
  }

  /** The run finished: its checkpoint is no longer needed. */
  public record Discard(ActorRef<Done> replyTo) implements Command {
  }

  /** Asks for the plan and the latest checkpoint. */
  public record Latest(ActorRef<State> replyTo) implements Command {
  }

  /** A change is persisted. */
  public record Done() implements ClusterMessage {
  }

  /**
   * A checkpoint as stored: the engine's cut of configuration {@code configuration} of the run, and
   * {@code extra}, run state saved with it at the same barrier (a trace recorder's buffers; empty if none).
   */
  public record Stored(int configuration, long window, long time, List<byte[]> parts, byte[] extra)
      implements ClusterMessage {
    /** The engine's checkpoint this one stores, to resume from. */
    public Checkpoint checkpoint() {
      return new Checkpoint(window, time, parts);
    }
  }

  public sealed interface Event extends ClusterMessage permits Planned, Saved, Discarded {
  }

  /** The run's plan was recorded. */
  public record Planned(byte[] plan) implements Event {
  }

  /** A checkpoint was taken. */
  public record Saved(Stored checkpoint) implements Event {
  }

  /** The run finished and dropped its checkpoint. */
  public record Discarded() implements Event {
  }

  /**
   * What is known of the run: its plan (null if never recorded), latest checkpoint (null if none) and whether it
   * finished.
   */
  public record State(byte[] plan, Stored latest, boolean finished) implements ClusterMessage {
  }

  public static Behavior<Command> create(String runId) {
    return new CheckpointJournal(runId);
  }

  private CheckpointJournal(String runId) {
    // a failed write is the run's to report (once, as a warning naming the cause), not a stack trace per restart
    super(PersistenceId.of("vstack-checkpoints", runId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2)
            .withLoggingEnabled(false));
  }

  @Override
  public State emptyState() {
    return new State(null, null, false);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1, 1).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Plan.class, (state, c) -> Effect().persist(new Planned(c.plan()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Save.class, (state, c) -> Effect().persist(new Saved(c.checkpoint()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Discard.class, (state, c) -> Effect().persist(new Discarded())
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Latest.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Planned.class, (state, e) -> new State(e.plan(), null, false))
        .onEvent(Saved.class, (state, e) -> new State(state.plan(), e.checkpoint(), false))
        .onEvent(Discarded.class, (state, e) -> new State(state.plan(), null, true))
        .build();
  }
}
