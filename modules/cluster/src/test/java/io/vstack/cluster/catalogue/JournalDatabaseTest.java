package io.vstack.cluster.catalogue;

import static org.junit.Assert.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class JournalDatabaseTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 60_000)
  public void aWriteFromAnInterruptedThreadIsKeptAndTheCatalogueStaysOpenForTheProcessesOtherConnections()
      throws Exception {
    Config config = JournalDatabase.configure(ConfigFactory.parseString("vstack.catalogue.dir = \""
        + tmp.getRoot().toPath().resolve("catalogue") + "\"").withFallback(ConfigFactory.load()));
    try (Connection held = JournalDatabase.connect(config)) {
      held.createStatement().execute("CREATE TABLE t (x INT)");
      AtomicReference<SQLException> failed = new AtomicReference<>();
      Thread interrupted = new Thread(() -> {
        try (Connection c = JournalDatabase.connect(config)) {
          Thread.currentThread().interrupt();
          c.createStatement().execute("INSERT INTO t VALUES (1)");
        } catch (SQLException e) {
          failed.set(e);
        }
      });
      interrupted.start();
      interrupted.join();
      assertEquals(null, failed.get());
      try (ResultSet count = held.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
        count.next();
        assertEquals(1, count.getInt(1));
      }
    }
  }
}
