package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import java.util.concurrent.CompletionException;

/**
 * Creates the JDBC journal's tables on first use. With the default H2 file database, the first connection of a
 * process can time out while another vstack process is handing the file over to its AUTO_SERVER (a race seen when
 * {@code vstack runs} starts just as a run opens the catalogue); for a local file that is never an outage, so it is
 * retried. A remote database that does not answer fails at once, so the command can say so and go on.
 */
public final class JournalSchema {
  private static final int LOCAL_ATTEMPTS = 4;

  private JournalSchema() {
  }

  public static void ensure(ActorSystem<?> system) {
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
