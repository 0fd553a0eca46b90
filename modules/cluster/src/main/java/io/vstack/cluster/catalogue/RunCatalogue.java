package io.vstack.cluster.catalogue;

import com.typesafe.config.Config;
import io.vstack.cluster.WireCodec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The run catalogue as read by {@code vstack runs}: every run's entry, folded from the events of its own
 * persistence id, all read with one query (the events carrying the tag every run's events carry: one query whatever
 * the number of runs), ordered by first start. It reads akka-persistence-jdbc's tables with plain JDBC and decodes
 * the events with the {@link WireCodec} that wrote them, without starting Akka: a listing is a short command, and
 * starting an ActorSystem with its persistence plugin took most of its time. Reading needs no writer, so it never
 * competes with the runs that write their entries meanwhile.
 */
public final class RunCatalogue {
  /**
   * akka-persistence-jdbc 5's tables (schema/h2/h2-create-schema.sql, schema/postgres/postgres-create-schema.sql in
   * its jar; quoted lower-case names match both) and its {@code currentEventsByTag}: the tag's events not marked
   * deleted, in the journal's global order.
   */
  private static final String EVENTS_BY_TAG = "SELECT j.\"persistence_id\", j.\"event_ser_manifest\", "
      + "j.\"event_payload\" FROM \"event_journal\" j JOIN \"event_tag\" t ON t.\"event_id\" = j.\"ordering\" "
      + "WHERE t.\"tag\" = ? AND j.\"deleted\" = FALSE ORDER BY j.\"ordering\"";

  private RunCatalogue() {
  }

  /** Every run recorded in {@code config}'s catalogue, oldest start first; none if nothing was recorded yet. */
  public static List<RunEntry> runs(Config config) {
    if (JournalDatabase.neverWritten(config)) {
      return List.of();
    }
    Map<String, RunEntry> byRun = new HashMap<>();
    try {
      read(config, byRun);
    } catch (SQLException e) {
      if (JournalDatabase.missingTable(e)) {
        return List.of();
      }
      throw JournalDatabase.unavailable(config, e);
    } catch (IOException | RuntimeException e) {
      throw JournalDatabase.unavailable(config, e);
    }
    List<RunEntry> runs = new ArrayList<>(byRun.values());
    runs.removeIf(Objects::isNull);
    runs.sort(Comparator.comparing(RunEntry::startedAt).thenComparing(RunEntry::id));
    return runs;
  }

  /** Folds every run's events into {@code byRun}, by persistence id. */
  private static void read(Config config, Map<String, RunEntry> byRun) throws SQLException, IOException {
    // Before the connection: the codec's set-up would otherwise lengthen the time this process holds an H2 file.
    WireCodec codec = WireCodec.withoutActorSystem(config);
    try (Connection db = JournalDatabase.connect(config);
        PreparedStatement query = db.prepareStatement(EVENTS_BY_TAG)) {
      query.setString(1, RunLog.TAG);
      try (ResultSet events = query.executeQuery()) {
        while (events.next()) {
          String run = events.getString(1);
          RunLog.Event event = (RunLog.Event) codec.decode(events.getBytes(3), events.getString(2));
          byRun.put(run, RunLog.apply(byRun.get(run), event));
        }
      }
    }
  }
}
