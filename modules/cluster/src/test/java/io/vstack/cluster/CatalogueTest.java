package io.vstack.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.CatalogueUnavailable;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.cluster.catalogue.RunEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class CatalogueTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static ActorSystem<Void> system(Path dir) {
    return ActorSystem.create(Behaviors.empty(), "catalogue-test", JournalDatabase.configure(
        ConfigFactory.parseString("vstack.catalogue.dir = \"" + dir + "\"").withFallback(ConfigFactory.load())));
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

  @Test(timeout = 120_000)
  public void runsSurviveARestartOldestStartFirstAndADeadRunIsReportedInterruptedNeverComplete() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("catalogue");
    long gone = deadPid();
    in(dir, first -> {
      Catalogue a = new Catalogue(first, "a");
      a.started(RunEntry.startedHere("a", "storm-32", 1, "test", Instant.parse("2026-01-01T00:00:02Z")));
      a.finished("complete", "runs/storm-32", "");
      new Catalogue(first, "b").started(entry("b", "2026-01-01T00:00:00Z", gone, ""));
      new Catalogue(first, "c").started(RunEntry.startedHere("c", "storm-32", 3, "test",
          Instant.parse("2026-01-01T00:00:01Z")));
      Catalogue d = new Catalogue(first, "d");
      d.started(entry("d", "2026-01-01T00:00:03Z", ProcessHandle.current().pid(), "1970-01-01T00:00:00Z"));
      d.finished("failed", "", "/proc/x: cannot create the run directory");
    });
    in(dir, second -> {
      List<RunEntry> runs = RunCatalogue.runs(second);
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
      RunEntry listed = RunCatalogue.runs(second).get(0);
      assertEquals("2026-01-01T00:00:00Z", listed.startedAt());
      assertEquals(ProcessHandle.current().pid(), listed.pid());
      assertEquals("complete", listed.displayStatus());
      assertNull(new Catalogue(second, "never").recorded());
    });
  }

  @Test(timeout = 120_000)
  public void theCatalogueDirectoryIsPrivateToItsOwner() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("catalogue");
    in(dir, RunCatalogue::runs);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        assertEquals(f.toString(), "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
  }

  @Test(timeout = 60_000)
  public void aCorruptedCatalogueFailsAtOnceNamingItsFile() throws Exception {
    Path dir = tmp.newFolder("corrupted").toPath();
    Files.writeString(dir.resolve("catalogue.mv.db"), "not a database ".repeat(2000));
    in(dir, system -> {
      long start = System.nanoTime();
      try {
        RunCatalogue.runs(system);
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
