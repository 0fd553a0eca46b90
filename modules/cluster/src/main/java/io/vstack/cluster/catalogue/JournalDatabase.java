package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.h2.api.ErrorCode;

/**
 * The database behind the run catalogue and the checkpoints. By default an embedded H2 file in
 * {@code vstack.catalogue.dir} ({@code <vstack.home>/runs/catalogue}, env {@code VSTACK_CATALOGUE_DIR}), opened by
 * each process only for the moment of a read or write ({@link H2FileDataSource}): no server, no port, no key in a
 * file; the directory is private to its owner (0700, the database file 0600). {@code vstack.catalogue.url} (env
 * {@code VSTACK_CATALOGUE_URL}) replaces it with another H2 URL or a PostgreSQL one, whose Slick profile and JDBC
 * driver follow from the URL.
 */
public final class JournalDatabase {
  /** How long a command waits for the journal's answer: longer than any wait for a busy H2 file. */
  public static final Duration REPLY_TIMEOUT = H2FileDataSource.PATIENCE.plusSeconds(20);
  private static final String DB = "akka-persistence-jdbc.shared-databases.vstack.";
  private static final String FILE_NAME = "catalogue";
  /**
   * FILE_LOCK=FS: the operating system's file lock, no lock file and no server. TRACE_LEVEL_FILE=0: no trace file
   * next to the database (H2 would log every open that found the file held by another process).
   * MAX_COMPACT_TIME=0: H2 2.3.232 compacts the file when the last connection closes, and that compaction can trip
   * an internal assertion (seen with -ea in tests) that aborts the close and loses the last writes; a catalogue is
   * small and does not need it. WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to 500 ms
   * later, so a process killed right after a checkpoint was acknowledged lost it (found by the kill-and-resume
   * chaos test).
   */
  private static final String H2_OPTIONS = ";FILE_LOCK=FS;TRACE_LEVEL_FILE=0;MAX_COMPACT_TIME=0;WRITE_DELAY=0";

  private JournalDatabase() {
  }

  /** The application's configuration with the journal's database set up. */
  public static Config load() {
    return configure(ConfigFactory.load());
  }

  /**
   * {@code config} with the journal's URL, data source, profile and driver following {@code vstack.catalogue}; with
   * H2, Akka Persistence's timeouts allow for waiting {@link H2FileDataSource#PATIENCE} for the file.
   */
  public static Config configure(Config config) {
    String url = url(config);
    if (url.startsWith("jdbc:h2:")) {
      String wait = H2FileDataSource.PATIENCE.plusSeconds(10).toSeconds() + "s";
      return ConfigFactory.parseMap(Map.of(DB + "db.url", url, DB + "db.connectionPool", "disabled",
          DB + "db.dataSourceClass", H2FileDataSource.class.getName(), DB + "db.properties.url", url,
          "jdbc-journal.circuit-breaker.call-timeout", wait, "jdbc-snapshot-store.circuit-breaker.call-timeout",
          wait, "jdbc-journal.recovery-event-timeout", wait), "H2 journal").withFallback(config);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return ConfigFactory.parseMap(Map.of(DB + "db.url", url, DB + "profile", "slick.jdbc.PostgresProfile$",
          DB + "db.driver", "org.postgresql.Driver"), "PostgreSQL journal").withFallback(config);
    }
    throw notSupported(url);
  }

  private static IllegalArgumentException notSupported(String url) {
    return new IllegalArgumentException("vstack.catalogue.url = '" + url + "': not an H2 (jdbc:h2:...) or "
        + "PostgreSQL (jdbc:postgresql://...) URL");
  }

  /**
   * A plain JDBC connection to {@code config}'s catalogue database, for reading it without Akka: an H2 database
   * through {@link H2FileDataSource} (waiting while another process holds the file, as the journal does), PostgreSQL
   * giving up after the journal's connection timeout.
   */
  static Connection connect(Config config) throws SQLException {
    String url = url(config);
    if (url.startsWith("jdbc:h2:")) {
      H2FileDataSource h2 = new H2FileDataSource();
      h2.setUrl(url);
      return h2.getConnection();
    }
    if (url.startsWith("jdbc:postgresql:")) {
      Properties properties = new Properties();
      properties.setProperty("loginTimeout",
          Long.toString(Math.max(1, config.getDuration(DB + "db.connectionTimeout").toSeconds())));
      return DriverManager.getConnection(url, properties);
    }
    throw notSupported(url);
  }

  /**
   * Whether {@code config}'s catalogue has never been written: the default H2 file does not exist yet. Reading it
   * then must not create it (H2 would, with the process's umask).
   */
  static boolean neverWritten(Config config) {
    return !config.hasPath("vstack.catalogue.url") && !Files.exists(
        file(config).resolveSibling(FILE_NAME + ".mv.db"));
  }

  /** Whether {@code e} says the journal's tables are not there (a database no run has written to yet). */
  static boolean missingTable(SQLException e) {
    return switch (e.getErrorCode()) {
      case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1, ErrorCode.TABLE_OR_VIEW_NOT_FOUND_WITH_CANDIDATES_2,
          ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1 -> true;
      default -> "42P01".equals(e.getSQLState()); // PostgreSQL's undefined_table
    };
  }

  /**
   * The catalogue's URL. The default file is opened through H2's retry: file system instead of file: because Java
   * closes a FileChannel when a thread writing to it is interrupted (Slick interrupts its threads when an ActorSystem
   * stops), and H2 then closed the whole database, losing that write and failing every other connection of the
   * process ("The database has been closed"); retry: reopens the channel and writes again.
   */
  private static String url(Config config) {
    return config.hasPath("vstack.catalogue.url") ? config.getString("vstack.catalogue.url")
        : "jdbc:h2:retry:" + file(config) + H2_OPTIONS;
  }

  /** The default H2 database, without H2's {@code .mv.db} suffix. */
  private static Path file(Config config) {
    return Path.of(config.getString("vstack.catalogue.dir")).toAbsolutePath().normalize().resolve(FILE_NAME);
  }

  /** What {@code config}'s catalogue is, for messages: its file, or its URL without options and credentials. */
  public static String where(Config config) {
    if (!config.hasPath("vstack.catalogue.url")) {
      return file(config) + ".mv.db";
    }
    return config.getString("vstack.catalogue.url").replaceAll("[?;].*", "");
  }

  /**
   * Creates the journal's tables on first use, and the default database's directory (0700) and file (0600) before
   * H2 creates them with the process's umask. A database that cannot be used fails at once, naming it.
   */
  public static void ensureSchema(ActorSystem<?> system) {
    Config config = system.settings().config();
    try {
      if (!config.hasPath("vstack.catalogue.url")) {
        createPrivately(file(config));
      }
      SchemaUtils.createIfNotExists(system).toCompletableFuture().join();
    } catch (IOException | RuntimeException e) {
      throw unavailable(config, e);
    }
  }

  private static void createPrivately(Path database) throws IOException {
    Path dir = database.getParent();
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path file = database.resolveSibling(database.getFileName() + ".mv.db");
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** {@code failure} of the catalogue's database as a message naming it, with the database's own reason. */
  static CatalogueUnavailable unavailable(Config config, Throwable failure) {
    if (failure instanceof CatalogueUnavailable known) {
      return known;
    }
    Throwable reason = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      reason = t;
      if (t instanceof SQLException || t instanceof IOException) {
        break;
      }
    }
    return new CatalogueUnavailable("run catalogue " + where(config) + ": "
        + (reason.getMessage() != null ? reason.getMessage() : reason.getClass().getSimpleName()), failure);
  }
}
