package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import io.vstack.cluster.ClusterMessage;
import java.util.Set;

/**
 * One run's catalogue entry, event-sourced with Akka Persistence under its own persistence id
 * ({@code run-<id>}), written only by the process that runs the run: several runs at once never write the same
 * persistence id, which the journal allows only one writer for. A run is recorded when it starts (or is resumed)
 * and again when it ends, so a run whose process died in between is never taken for complete.
 */
public final class RunLog extends EventSourcedBehavior<RunLog.Command, RunLog.Event, RunLog.State> {
  /** The prefix of every run's persistence id, by which the catalogue finds them. */
  static final String PREFIX = "run-";

  public sealed interface Command extends ClusterMessage permits Start, Resume, Finish, Get {
  }

  /** Records that the run started. */
  public record Start(RunEntry entry, ActorRef<Done> replyTo) implements Command {
  }

  /** Records that process {@code pid} (started at {@code processStart}) runs it again from a checkpoint. */
  public record Resume(long pid, String processStart, ActorRef<Done> replyTo) implements Command {
  }

  /** Records that the run ended with {@code status} ({@code complete} or {@code failed}, then with a reason). */
  public record Finish(String status, String location, String reason, ActorRef<Done> replyTo) implements Command {
  }

  /** Asks for the run's entry. */
  public record Get(ActorRef<State> replyTo) implements Command {
  }

  /** Acknowledges that a change is persisted. */
  public record Done() implements ClusterMessage {
  }

  public sealed interface Event extends ClusterMessage permits Started, Resumed, Finished {
  }

  /** The run started. */
  public record Started(RunEntry entry) implements Event {
  }

  /** The run was resumed by another process; it keeps its first start. */
  public record Resumed(long pid, String processStart) implements Event {
  }

  /** The run ended. */
  public record Finished(String status, String location, String reason) implements Event {
  }

  /** The run's entry; null before it was ever recorded. */
  public record State(RunEntry entry) implements ClusterMessage {
  }

  /** The tag of every run's events. */
  static final String TAG = "vstack-run";

  public static Behavior<Command> create(String runId) {
    return new RunLog(runId);
  }

  private RunLog(String runId) {
    super(PersistenceId.ofUniqueId(PREFIX + runId));
  }

  /** {@code entry} (null if none yet) after {@code event}: the one fold of the entity and the catalogue's listing. */
  static RunEntry apply(RunEntry entry, Event event) {
    if (event instanceof Started s) {
      return s.entry();
    }
    if (entry == null) {
      return null;
    }
    if (event instanceof Resumed r) {
      return entry.resumedBy(r.pid(), r.processStart());
    }
    Finished f = (Finished) event;
    return entry.finished(f.status(), f.location(), f.reason());
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Start.class, (state, c) -> Effect().persist(new Started(c.entry()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Resume.class, (state, c) -> Effect().persist(new Resumed(c.pid(), c.processStart()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Finish.class, (state, c) -> Effect().persist(new Finished(c.status(), c.location(), c.reason()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Get.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return (state, event) -> new State(apply(state.entry(), event));
  }

  /** Every event of every run carries one tag, so the catalogue is listed with one query, not one per run. */
  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }
}
