package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import io.vstack.cluster.ClusterMessage;
import java.util.List;
import java.util.TreeMap;

/**
 * The run catalogue, event-sourced with Akka Persistence (JDBC journal; an H2 file by default): every run's id,
 * scenario, seed, vstack version, start, process, status and result location. A run is recorded when it starts
 * and again when it ends, so a run whose process died in between is never taken for complete.
 */
public final class RunCatalogue extends EventSourcedBehavior<RunCatalogue.Command, RunCatalogue.Event,
    RunCatalogue.State> {

  public sealed interface Command extends ClusterMessage permits Start, Finish, ListRuns {
  }

  /** Records that run {@code entry.id()} started. */
  public record Start(Entry entry, ActorRef<Done> replyTo) implements Command {
  }

  /** Records that run {@code id} ended with {@code status} ({@code complete} or {@code failed}). */
  public record Finish(String id, String status, String location, ActorRef<Done> replyTo) implements Command {
  }

  /** Lists every run, oldest first. */
  public record ListRuns(ActorRef<Runs> replyTo) implements Command {
  }

  /** Acknowledges that a change is persisted. */
  public record Done() implements ClusterMessage {
  }

  /** Reply to {@link ListRuns}. */
  public record Runs(List<Entry> runs) implements ClusterMessage {
  }

  /** What the catalogue knows of one run; {@code status} is started, complete or failed. */
  public record Entry(String id, String scenario, long seed, String version, String startedAt, long pid,
      String status, String location) {
    Entry finished(String newStatus, String newLocation) {
      return new Entry(id, scenario, seed, version, startedAt, pid, newStatus, newLocation);
    }
  }

  public sealed interface Event extends ClusterMessage permits RunStarted, RunFinished {
  }

  /** A run started. */
  public record RunStarted(Entry entry) implements Event {
  }

  /** A run ended. */
  public record RunFinished(String id, String status, String location) implements Event {
  }

  /** Every run by id. */
  public record State(TreeMap<String, Entry> runs) {
  }

  public static Behavior<Command> create() {
    return new RunCatalogue();
  }

  private RunCatalogue() {
    super(PersistenceId.ofUniqueId("vstack-run-catalogue"));
  }

  @Override
  public State emptyState() {
    return new State(new TreeMap<>());
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Start.class, (state, c) -> Effect().persist(new RunStarted(c.entry()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(Finish.class, (state, c) -> Effect().persist(new RunFinished(c.id(), c.status(), c.location()))
            .thenReply(c.replyTo(), s -> new Done()))
        .onCommand(ListRuns.class, (state, c) -> Effect().reply(c.replyTo(),
            new Runs(List.copyOf(state.runs().values()))))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(RunStarted.class, (state, e) -> {
          TreeMap<String, Entry> runs = new TreeMap<>(state.runs());
          runs.put(e.entry().id(), e.entry());
          return new State(runs);
        })
        .onEvent(RunFinished.class, (state, e) -> {
          TreeMap<String, Entry> runs = new TreeMap<>(state.runs());
          Entry entry = runs.get(e.id());
          if (entry != null) {
            runs.put(e.id(), entry.finished(e.status(), e.location()));
          }
          return new State(runs);
        })
        .build();
  }
}
