package io.vstack.cluster;

import static org.junit.Assert.assertEquals;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.RunCatalogue;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class CatalogueTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static ActorSystem<Void> system(Path db) {
    return ActorSystem.create(Behaviors.empty(), "catalogue-test", ConfigFactory.parseString(
        "vstack.catalogue.url = \"jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE;MAX_COMPACT_TIME=0;WRITE_DELAY=0\"").withFallback(ConfigFactory.load())
        .resolve());
  }

  private static void stop(ActorSystem<Void> system) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  @Test(timeout = 120_000)
  public void runsSurviveARestartAndADeadRunIsReportedInterruptedNeverComplete() throws Exception {
    Path db = tmp.getRoot().toPath().resolve("catalogue");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    ActorSystem<Void> first = system(db);
    try {
      Catalogue catalogue = new Catalogue(first);
      catalogue.started(new RunCatalogue.Entry("a", "storm-32", 1, "test", "t0", ProcessHandle.current().pid(),
          "started", ""));
      catalogue.finished("a", "complete", "runs/storm-32");
      catalogue.started(new RunCatalogue.Entry("b", "storm-32", 2, "test", "t1", gone.pid(), "started", ""));
      catalogue.started(new RunCatalogue.Entry("c", "storm-32", 3, "test", "t2", ProcessHandle.current().pid(),
          "started", ""));
    } finally {
      stop(first);
    }
    ActorSystem<Void> second = system(db);
    try {
      List<RunCatalogue.Entry> runs = new Catalogue(second).runs();
      assertEquals(List.of("a", "b", "c"), runs.stream().map(RunCatalogue.Entry::id).toList());
      assertEquals("complete", Catalogue.displayStatus(runs.get(0)));
      assertEquals("runs/storm-32", runs.get(0).location());
      assertEquals("interrupted", Catalogue.displayStatus(runs.get(1)));
      assertEquals("running", Catalogue.displayStatus(runs.get(2)));
    } finally {
      stop(second);
    }
  }
}
