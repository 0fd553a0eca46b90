package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The database behind the run catalogue and the checkpoints: an H2 file by default, PostgreSQL when
 * {@code vstack.catalogue.url} (or {@code VSTACK_CATALOGUE_URL}) is a {@code jdbc:postgresql:} URL; the Slick profile
 * and JDBC driver follow from the URL.
 */
public final class JournalDatabase {
  private static final String SHARED = "akka-persistence-jdbc.shared-databases.vstack.";
  private static final int LOCAL_ATTEMPTS = 4;

  private JournalDatabase() {
  }

  /** The application's configuration with the journal's profile and driver matching its URL. */
  public static Config load() {
    return configure(ConfigFactory.load());
  }

  /** {@code config} with the journal's profile and driver matching {@code vstack.catalogue.url}. */
  public static Config configure(Config config) {
    String url = config.getString("vstack.catalogue.url");
    if (url.startsWith("jdbc:h2:")) {
      return config;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return ConfigFactory.parseMap(Map.of(SHARED + "profile", "slick.jdbc.PostgresProfile$", SHARED + "db.driver",
          "org.postgresql.Driver"), "PostgreSQL journal").withFallback(config);
    }
    throw new IllegalArgumentException("vstack.catalogue.url = '" + url + "': not an H2 (jdbc:h2:...) or "
        + "PostgreSQL (jdbc:postgresql://...) URL");
  }

  /**
   * Creates the journal's tables on first use. With the default H2 file database, the first connection of a
   * process can time out while another vstack process is handing the file over to its AUTO_SERVER (a race seen
   * when {@code vstack runs} starts just as a run opens the catalogue); for a local file that is never an outage,
   * so it is retried. A remote database that does not answer fails at once, so the command can say so and go on.
   */
  public static void ensureSchema(ActorSystem<?> system) {
    boolean local = system.settings().config().hasPath("vstack.catalogue.url")
        && system.settings().config().getString("vstack.catalogue.url").startsWith("jdbc:h2:file:");
    for (int attempt = 1; ; attempt++) {
      try {
        SchemaUtils.createIfNotExists(system).toCompletableFuture().join();
        return;
      } catch (CompletionException e) {
        if (!local || attempt == LOCAL_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
