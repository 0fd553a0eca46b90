package io.vstack.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.CatalogueUnavailable;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.cluster.catalogue.RunEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class CatalogueTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  /** The configuration with the catalogue's {@code key} ({@code dir} or {@code url}) set to {@code value}. */
  private static Config catalogue(String key, Object value) {
    return JournalDatabase.configure(ConfigFactory.parseString("vstack.catalogue." + key + " = \"" + value + "\"")
        .withFallback(ConfigFactory.load()));
  }

  private static ActorSystem<Void> system(Path dir) {
    return ActorSystem.create(Behaviors.empty(), "catalogue-test", catalogue("dir", dir));
  }

  private interface Work {
    void on(ActorSystem<Void> system) throws Exception;
  }

  /** Does {@code work} on an ActorSystem whose catalogue is in {@code dir}, then stops it. */
  private static void in(Path dir, Work work) throws Exception {
    ActorSystem<Void> system = system(dir);
    try {
      work.on(system);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  private static RunEntry entry(String id, String startedAt, long pid, String processStart) {
    return new RunEntry(id, "storm-32", 1, "test", startedAt, pid, processStart, "started", "", "");
  }

  /** Records that {@code entry} started and then ended with {@code status}, as its run does. */
  private static void ran(ActorSystem<Void> system, RunEntry entry, String status, String location, String reason) {
    Catalogue run = new Catalogue(system, entry.id());
    run.started(entry);
    run.finished(status, location, reason);
  }

  @Test(timeout = 120_000)
  public void runsSurviveARestartOldestStartFirstAndADeadRunIsReportedInterruptedNeverComplete() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("catalogue");
    long gone = deadPid();
    in(dir, first -> {
      ran(first, RunEntry.startedHere("a", "storm-32", 1, "test", Instant.parse("2026-01-01T00:00:02Z")), "complete",
          "runs/storm-32", "");
      new Catalogue(first, "b").started(entry("b", "2026-01-01T00:00:00Z", gone, ""));
      new Catalogue(first, "c").started(RunEntry.startedHere("c", "storm-32", 3, "test",
          Instant.parse("2026-01-01T00:00:01Z")));
      ran(first, entry("d", "2026-01-01T00:00:03Z", ProcessHandle.current().pid(), "1970-01-01T00:00:00Z"), "failed",
          "", "/proc/x: cannot create the run directory");
    });
    in(dir, second -> {
      List<RunEntry> runs = RunCatalogue.runs(second.settings().config());
      assertEquals(List.of("b", "c", "a", "d"), runs.stream().map(RunEntry::id).toList());
      assertEquals("interrupted", runs.get(0).displayStatus());
      assertEquals("running", runs.get(1).displayStatus());
      assertEquals("complete", runs.get(2).displayStatus());
      assertEquals("runs/storm-32", runs.get(2).location());
      assertEquals("failed", runs.get(3).displayStatus());
      assertEquals("/proc/x: cannot create the run directory", runs.get(3).reason());
    });
  }

  /** A live pid whose process started at another time than recorded is a recycled pid: the run is interrupted. */
  @Test(timeout = 120_000)
  public void aRunWhosePidWasRecycledIsInterruptedNotRunning() {
    RunEntry recycled = entry("r", "t", ProcessHandle.current().pid(), "1970-01-01T00:00:00Z");
    assertEquals("interrupted", recycled.displayStatus());
  }

  @Test(timeout = 120_000)
  public void aResumedRunKeepsItsFirstStartAndIsRunByItsNewProcess() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("catalogue");
    long gone = deadPid();
    in(dir, first -> new Catalogue(first, "k").started(entry("k", "2026-01-01T00:00:00Z", gone, "")));
    in(dir, second -> {
      Catalogue k = new Catalogue(second, "k");
      assertEquals("interrupted", k.recorded().displayStatus());
      k.resumedHere();
      assertEquals("running", k.recorded().displayStatus());
      k.finished("complete", "runs/k", "");
      RunEntry listed = RunCatalogue.runs(second.settings().config()).get(0);
      assertEquals("2026-01-01T00:00:00Z", listed.startedAt());
      assertEquals(ProcessHandle.current().pid(), listed.pid());
      assertEquals("complete", listed.displayStatus());
      assertNull(new Catalogue(second, "never").recorded());
    });
  }

  @Test(timeout = 120_000)
  public void theCatalogueDirectoryIsPrivateToItsOwner() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("catalogue");
    in(dir, system -> new Catalogue(system, "p").started(entry("p", "2026-01-01T00:00:00Z", deadPid(), "")));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        assertEquals(f.toString(), "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
  }

  /**
   * {@code vstack runs} reads the journal with plain JDBC, without Akka: every kind of run written through Akka
   * Persistence (complete, failed, resumed then complete, interrupted) lists exactly as its entity recovers it.
   */
  @Test(timeout = 120_000)
  public void aCatalogueWrittenThroughAkkaReadsIdenticallyWithoutIt() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("catalogue");
    long gone = deadPid();
    in(dir, first -> {
      ran(first, RunEntry.startedHere("complete", "storm-32", 1, "vstack 0.1.0 (git 1)",
          Instant.parse("2026-01-01T00:00:01Z")), "complete", "runs/storm-32", "");
      ran(first, entry("failed", "2026-01-01T00:00:02Z", gone, ""), "failed", "",
          "/proc/x: cannot create the run directory: \"quoted\", ünïcode");
      new Catalogue(first, "resumed").started(entry("resumed", "2026-01-01T00:00:00Z", gone, ""));
      new Catalogue(first, "interrupted").started(entry("interrupted", "2026-01-01T00:00:03Z", gone, ""));
    });
    in(dir, second -> {
      Catalogue resumed = new Catalogue(second, "resumed");
      resumed.resumedHere();
      resumed.finished("complete", "runs/resumed", "");
    });
    List<RunEntry> recovered = new ArrayList<>();
    in(dir, third -> {
      for (String id : List.of("resumed", "complete", "failed", "interrupted")) {
        recovered.add(new Catalogue(third, id).recorded());
      }
    });
    List<RunEntry> listed = RunCatalogue.runs(catalogue("dir", dir));
    assertEquals(recovered, listed);
    assertEquals("2026-01-01T00:00:00Z", listed.get(0).startedAt());
    assertEquals(ProcessHandle.current().pid(), listed.get(0).pid());
    assertEquals(List.of("complete", "complete", "failed", "interrupted"),
        listed.stream().map(RunEntry::displayStatus).toList());
  }

  /** Listing never creates the catalogue: none yet, or a database without the journal's tables, lists no run. */
  @Test(timeout = 60_000)
  public void aCatalogueNeverWrittenListsNoRunAndCreatesNothing() throws Exception {
    Path absent = tmp.getRoot().toPath().resolve("absent");
    assertEquals(List.of(), RunCatalogue.runs(catalogue("dir", absent)));
    assertTrue(Files.notExists(absent));
    Path other = tmp.newFolder("other").toPath().resolve("db");
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + other)) {
      c.createStatement().execute("CREATE TABLE unrelated (x INT)");
    }
    assertEquals(List.of(), RunCatalogue.runs(catalogue("url", "jdbc:h2:file:" + other)));
  }

  @Test(timeout = 60_000)
  public void aCorruptedCatalogueFailsAtOnceNamingItsFile() throws Exception {
    Path dir = tmp.newFolder("corrupted").toPath();
    Files.writeString(dir.resolve("catalogue.mv.db"), "not a database ".repeat(2000));
    in(dir, system -> {
      long start = System.nanoTime();
      try {
        RunCatalogue.runs(system.settings().config());
        org.junit.Assert.fail("a corrupted catalogue was read");
      } catch (CatalogueUnavailable e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith("run catalogue " + dir.resolve("catalogue.mv.db")));
        assertTrue(e.getMessage(), e.getMessage().contains("corrupted"));
        assertTrue("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms",
            System.nanoTime() - start < 5_000_000_000L);
      }
    });
  }
}
