package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The run catalogue as read by {@code vstack runs}: every run's entry, folded from the events of its own
 * persistence id, all read with one Akka Persistence Query ({@code currentEventsByTag} of the tag every run's events
 * carry: one query whatever the number of runs), ordered by first start. Reading needs no writer, so it never
 * competes with the runs that write their entries meanwhile.
 */
public final class RunCatalogue {
  private static final long TIMEOUT_SECONDS = JournalDatabase.REPLY_TIMEOUT.toSeconds();

  private RunCatalogue() {
  }

  /** Every run, oldest start first. */
  public static List<RunEntry> runs(ActorSystem<?> system) {
    JournalDatabase.ensureSchema(system);
    JdbcReadJournal journal = PersistenceQuery.get(system.classicSystem())
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    try {
      Map<String, RunEntry> byRun = journal.currentEventsByTag(RunLog.TAG, Offset.noOffset())
          .runFold(new TreeMap<String, RunEntry>(), (entries, envelope) -> {
            entries.put(envelope.persistenceId(), RunLog.apply(entries.get(envelope.persistenceId()),
                (RunLog.Event) envelope.event()));
            return entries;
          }, system).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<RunEntry> runs = new ArrayList<>(byRun.values());
      runs.removeIf(Objects::isNull);
      runs.sort(Comparator.comparing(RunEntry::startedAt).thenComparing(RunEntry::id));
      return runs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw JournalDatabase.unavailable(system, e);
    } catch (Exception e) {
      throw JournalDatabase.unavailable(system, e);
    }
  }
}
