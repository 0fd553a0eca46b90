package io.vstack.cluster.catalogue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.Driver;
import org.h2.api.ErrorCode;

/**
 * Connections to an embedded H2 file shared by several vstack processes without any server: every session opens
 * the file (H2 locks it for this process while one of its connections is open) and closes it, so a process holds
 * the file only for the few milliseconds of a read or write. While another process holds it, opening fails at once
 * with {@link ErrorCode#DATABASE_ALREADY_OPEN_1}; that is retried after a short random pause until
 * {@link #PATIENCE} has passed. Any other failure (a corrupted file, a bad URL) is reported at once.
 * Slick instantiates it from {@code db.dataSourceClass} and sets {@link #setUrl} from {@code db.properties}.
 */
public final class H2FileDataSource implements DataSource {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int MAX_PAUSE_MILLIS = 40;

  private static boolean warm;

  private String url;

  public void setUrl(String url) {
    this.url = url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    warmUp();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        return Driver.load().connect(url, new Properties());
      } catch (SQLException e) {
        if (e.getErrorCode() != ErrorCode.DATABASE_ALREADY_OPEN_1 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(1, MAX_PAUSE_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for " + url, e);
      }
    }
  }

  /**
   * Loads H2's engine on an in-memory database before this process first takes the file: on a busy machine that
   * takes seconds, which every other process would otherwise wait for.
   */
  private static synchronized void warmUp() throws SQLException {
    if (!warm) {
      try (Connection c = Driver.load().connect("jdbc:h2:mem:", new Properties())) {
        c.createStatement().executeQuery("SELECT 1").close();
      }
      warm = true;
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
  }

  @Override
  public void setLoginTimeout(int seconds) {
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
