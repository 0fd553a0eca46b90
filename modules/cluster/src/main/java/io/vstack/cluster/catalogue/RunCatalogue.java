package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The run catalogue as read by {@code vstack runs}: every run's entry, folded from the events of its own
 * persistence id with Akka Persistence Query ({@code currentPersistenceIds} and
 * {@code currentEventsByPersistenceId}), ordered by first start. Reading needs no writer, so it never competes
 * with the runs that write their entries meanwhile.
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
      List<String> ids = journal.currentPersistenceIds().filter(id -> id.startsWith(RunLog.PREFIX))
          .runWith(Sink.seq(), system).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<RunEntry> runs = new ArrayList<>();
      for (String id : ids) {
        RunEntry entry = journal.currentEventsByPersistenceId(id, 0, Long.MAX_VALUE).map(EventEnvelope::event)
            .runFold((RunEntry) null, (e, event) -> RunLog.apply(e, (RunLog.Event) event), system)
            .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (entry != null) {
          runs.add(entry);
        }
      }
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
