package io.vstack.engine.checkpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.Context;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.Model;
import io.vstack.engine.RecordedPhold;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.phold.Phold;
import io.vstack.engine.sequential.SequentialExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class CheckpointResumeTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource FOUR_THREADS = new TestKitJunitResource(ExecutorsUnderTest.threads(4));

  private static final Phold PHOLD = new Phold(300, 100, 100, 3);
  private static final RunSpec SPEC = new RunSpec(11, PHOLD.horizonFor(60_000));

  private static Checkpointing every(long windows, List<Checkpoint> into) {
    return new Checkpointing(windows, 0, into::add, null);
  }

  private static Checkpointing resumeFrom(Checkpoint checkpoint) {
    return new Checkpointing(0, 0, c -> { }, checkpoint);
  }

  private List<Executor> resumers() {
    return List.of(new SequentialExecutor(), new PartitionedExecutor(ONE_THREAD.system(), 1),
        new PartitionedExecutor(FOUR_THREADS.system(), 3), new PartitionedExecutor(FOUR_THREADS.system(), 7),
        new ActorExecutor(ONE_THREAD.system(), 1), new ActorExecutor(FOUR_THREADS.system(), 4));
  }

  @Test(timeout = 120_000)
  public void takingCheckpointsDoesNotChangeTheOutcome() {
    RecordedPhold plain = new RecordedPhold(PHOLD);
    RunResult expected = new PartitionedExecutor(FOUR_THREADS.system(), 3).run(plain, SPEC);
    List<Checkpoint> taken = new ArrayList<>();
    RecordedPhold checkpointed = new RecordedPhold(PHOLD);
    RunResult result = new PartitionedExecutor(FOUR_THREADS.system(), 3).run(checkpointed, SPEC,
        DeliveryListener.NONE, every(50, taken));
    assertEquals(expected, result);
    assertArrayEquals(plain.checksums(), checkpointed.checksums());
    assertTrue("every 50 windows over " + result.windows() + " windows, got " + taken.size(),
        taken.size() == (result.windows() - 1) / 50 || taken.size() == result.windows() / 50);
  }

  @Test(timeout = 180_000)
  public void aRunResumedFromAnyCheckpointOnAnyExecutorEndsExactlyLikeTheUninterruptedRun() {
    RecordedPhold oracle = new RecordedPhold(PHOLD);
    RunResult expected = new SequentialExecutor().run(oracle, SPEC);
    List<Checkpoint> taken = new ArrayList<>();
    RunResult windowed = new PartitionedExecutor(FOUR_THREADS.system(), 3).run(new RecordedPhold(PHOLD), SPEC,
        DeliveryListener.NONE, every(40, taken));
    assertTrue("need several checkpoints, got " + taken.size(), taken.size() >= 3);
    for (Checkpoint checkpoint : List.of(taken.get(0), taken.get(taken.size() / 2), taken.get(taken.size() - 1))) {
      assertTrue(checkpoint.time() > 0 && checkpoint.time() < expected.lastEventTime());
      for (Executor executor : resumers()) {
        RecordedPhold resumed = new RecordedPhold(PHOLD);
        RunResult result = executor.run(resumed, SPEC, DeliveryListener.NONE,
            resumeFrom(checkpoint));
        String who = executor.name() + " from window " + checkpoint.window();
        assertTrue(who, expected.sameOutcomeAs(result));
        assertArrayEquals(who, oracle.checksums(), resumed.checksums());
        if (!(executor instanceof SequentialExecutor)) {
          assertEquals(who + ": windows are counted on from the checkpoint", windowed.windows(), result.windows());
        }
      }
    }
  }

  @Test(timeout = 120_000)
  public void theActorExecutorsCheckpointsAreTheSameAsThePartitionedExecutors() {
    List<Checkpoint> inline = new ArrayList<>();
    new PartitionedExecutor(FOUR_THREADS.system(), 3).run(new RecordedPhold(PHOLD), SPEC, DeliveryListener.NONE,
        every(60, inline));
    List<Checkpoint> actors = new ArrayList<>();
    RunResult result = new ActorExecutor(FOUR_THREADS.system(), 3).run(new RecordedPhold(PHOLD), SPEC, DeliveryListener.NONE,
        every(60, actors));
    assertTrue(new SequentialExecutor().run(PHOLD, SPEC).sameOutcomeAs(result));
    assertEquals(inline.size(), actors.size());
    Checkpoint last = actors.get(actors.size() - 1);
    assertEquals(inline.get(inline.size() - 1).time(), last.time());
    RecordedPhold resumed = new RecordedPhold(PHOLD);
    RecordedPhold oracle = new RecordedPhold(PHOLD);
    new SequentialExecutor().run(oracle, SPEC);
    assertTrue(new PartitionedExecutor(FOUR_THREADS.system(), 2).run(resumed, SPEC, DeliveryListener.NONE,
        resumeFrom(last)).sameOutcomeAs(result));
    assertArrayEquals(oracle.checksums(), resumed.checksums());
  }

  @Test(timeout = 120_000)
  public void theSequentialExecutorsCheckpointsResumeOnThePartitionedExecutor() {
    RecordedPhold oracle = new RecordedPhold(PHOLD);
    List<Checkpoint> taken = new ArrayList<>();
    RunResult expected = new SequentialExecutor().run(oracle, SPEC, DeliveryListener.NONE,
        every(500, taken));
    assertTrue("need a checkpoint, got none", !taken.isEmpty());
    Checkpoint middle = taken.get(taken.size() / 2);
    assertEquals("one part: the sequential executor is one slice", 1, middle.parts().size());
    RecordedPhold resumed = new RecordedPhold(PHOLD);
    RunResult result = new PartitionedExecutor(FOUR_THREADS.system(), 4).run(resumed, SPEC,
        DeliveryListener.NONE, resumeFrom(middle));
    assertTrue(expected.sameOutcomeAs(result));
    assertArrayEquals(oracle.checksums(), resumed.checksums());
  }

  @Test(timeout = 60_000)
  public void aCheckpointOfAnotherModelIsRefusedWithTheReason() {
    List<Checkpoint> taken = new ArrayList<>();
    new SequentialExecutor().run(PHOLD, SPEC, DeliveryListener.NONE, every(500, taken));
    Phold bigger = new Phold(301, 100, 100, 3);
    IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class,
        () -> new SequentialExecutor().run(bigger, SPEC, DeliveryListener.NONE,
            resumeFrom(taken.get(0))));
    assertTrue(e.getMessage(), e.getMessage().contains("process 300 is missing"));
  }

  @Test(timeout = 60_000)
  public void aCheckpointPartOverItsLimitFailsTheRunInsteadOfBeingSent() {
    for (Executor executor : List.of(new PartitionedExecutor(ONE_THREAD.system(), 2),
        new ActorExecutor(ONE_THREAD.system(), 2))) {
      EngineFailure e = org.junit.Assert.assertThrows(EngineFailure.class, () -> executor.run(PHOLD, SPEC,
          DeliveryListener.NONE, new Checkpointing(10, 0, c -> { }, null, 1000)));
      assertTrue(e.getMessage(), e.getMessage().contains("MiB, over the limit of 0.0 MiB set for this run"));
      assertTrue(e.getMessage(), !e.partitionLost());
    }
  }

  /** A process holding something that cannot be saved. */
  private static final class Unsaveable implements LogicalProcess<Object> {
    private final Object lock = new Object();

    @Override
    public void start(Context<Object> ctx) {
      ctx.schedule(1, "tick");
    }

    @Override
    public void handle(Object message, Context<Object> ctx) {
      if (ctx.now() < 10) {
        ctx.schedule(1, "tick");
      }
    }
  }

  @Test(timeout = 60_000)
  public void aProcessThatCannotBeSavedFailsTheRunNamingTheClass() {
    Model model = new Model() {
      @Override
      public int processCount() {
        return 2;
      }

      @Override
      public long lookahead() {
        return 1;
      }

      @Override
      public LogicalProcess<?> newProcess(int id) {
        return new Unsaveable();
      }
    };
    EngineFailure e = org.junit.Assert.assertThrows(EngineFailure.class, () -> new PartitionedExecutor(ONE_THREAD.system(), 2)
        .run(model, new RunSpec(1, 100), DeliveryListener.NONE, every(2, new ArrayList<>())));
    assertTrue(e.getMessage(), e.getMessage().contains("java.lang.Object is not serializable"));
  }
}
