package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;
import org.slf4j.LoggerFactory;

public class CliTest extends JUnitSuite {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int vstack(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  public void slf4jIsBoundToLogbackNotTheSilentNopLogger() {
    assertTrue(LoggerFactory.getILoggerFactory().getClass().getName(),
        LoggerFactory.getILoggerFactory() instanceof LoggerContext);
  }

  @Test(timeout = 60_000)
  public void runPrintsASummaryThatAgreesWithTheOracle() {
    assertEquals(err.toString(), 0, vstack("run", "--processes", "300", "--events", "30000", "--threads", "2"));
    String summary = out.toString();
    assertTrue(summary, summary.contains("executor   actor (2 threads, 8 partitions)"));
    assertTrue(summary, summary.contains("oracle     sequential executor agrees"));
  }

  @Test(timeout = 60_000)
  public void benchEngineReportsEveryExecutorWithItsRatio() {
    assertEquals(err.toString(), 0, vstack("bench", "engine", "--sizes", "40,90", "--events", "4000"));
    String table = out.toString();
    for (String executor : new String[] {"sequential", "actor", "partitioned"}) {
      assertTrue(table, table.contains("phold-40     " + executor));
      assertTrue(table, table.contains("phold-90     " + executor));
    }
    assertTrue(table, table.contains("all executors delivered identical event sequences"));
  }

  @Test
  public void aNegativeThreadCountIsRejectedNamingTheKey() {
    assertEquals(2, vstack("run", "--threads", "-1"));
    assertTrue(err.toString(), err.toString().contains(
        "command line: vstack.engine.threads = -1: expected a whole number >= 0 (0 = one per core)"));
  }

  @Test
  public void anUnknownExecutorIsRejectedWithTheAllowedValues() {
    assertEquals(2, vstack("run", "--executor", "quantum"));
    assertTrue(err.toString(), err.toString().contains("actor, partitioned, sequential"));
  }
}
