package io.vstack.cluster;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import io.vstack.cluster.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class CheckpointJournalTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static ActorSystem<Void> system(Path db) {
    return ActorSystem.create(Behaviors.empty(), "checkpoint-test", JournalDatabase.configure(
        ConfigFactory.parseString("vstack.catalogue.dir = \"" + db + "\"").withFallback(ConfigFactory.load())));
  }

  private static void stop(ActorSystem<Void> system) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private static CheckpointJournal.Stored checkpoint(long window) {
    return new CheckpointJournal.Stored(1, window, window * 1000, List.of(new byte[] {1, 2, (byte) window},
        new byte[70_000]), new byte[] {9});
  }

  @Test(timeout = 120_000)
  public void theLatestCheckpointAndThePlanSurviveARestart() {
    Path db = tmp.getRoot().toPath().resolve("journal");
    ActorSystem<Void> first = system(db);
    try {
      Checkpoints run = new Checkpoints(first, "run-1");
      run.plan(new byte[] {4, 2});
      for (long w = 1; w <= 3; w++) {
        run.save(checkpoint(w)).toCompletableFuture().join();
      }
      new Checkpoints(first, "run-2").plan(new byte[] {7});
    } finally {
      stop(first);
    }
    ActorSystem<Void> second = system(db);
    try {
      Checkpoints run = new Checkpoints(second, "run-1");
      CheckpointJournal.State state = run.latest();
      assertArrayEquals(new byte[] {4, 2}, state.plan());
      assertFalse(state.finished());
      assertEquals(3, state.latest().window());
      assertEquals(3000, state.latest().time());
      assertEquals(1, state.latest().configuration());
      assertArrayEquals(new byte[] {1, 2, 3}, state.latest().parts().get(0));
      assertEquals(70_000, state.latest().parts().get(1).length);
      assertArrayEquals(new byte[] {9}, state.latest().extra());
      CheckpointJournal.State other = new Checkpoints(second, "run-2").latest();
      assertArrayEquals(new byte[] {7}, other.plan());
      assertNull(other.latest());
      run.discard();
    } finally {
      stop(second);
    }
    ActorSystem<Void> third = system(db);
    try {
      CheckpointJournal.State state = new Checkpoints(third, "run-1").latest();
      assertTrue(state.finished());
      assertNull(state.latest());
    } finally {
      stop(third);
    }
  }
}
