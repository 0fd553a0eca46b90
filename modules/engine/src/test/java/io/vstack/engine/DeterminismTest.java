package io.vstack.engine;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.phold.Phold;
import io.vstack.engine.sequential.SequentialExecutor;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class DeterminismTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  private static final Phold PHOLD = new Phold(1000, 100, 100, 4);
  private static final RunSpec SPEC = new RunSpec(42, PHOLD.horizonFor(200_000));

  /** Folds each receiver's deliveries into its own slot; one receiver is only ever called from one actor. */
  private static final class PerReceiverTrace implements DeliveryListener {
    final long[] hash = new long[PHOLD.processCount()];

    @Override
    public void onDeliver(long time, long sent, int sender, int receiver, Object message) {
      hash[receiver] = (hash[receiver] * 1_000_003 + time * 31 + sender) * 7 + sent;
    }
  }

  @Test(timeout = 120_000)
  public void everyExecutorAndThreadCountGivesTheSameSequenceHashAndFinalState() {
    RecordedPhold oracle = new RecordedPhold(PHOLD);
    RunResult expected = new SequentialExecutor().run(oracle, SPEC);
    assertTrue("the run must be big enough to mean something", expected.events() > 150_000);
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    for (int i = 0; i < executors.size(); i++) {
      RecordedPhold model = new RecordedPhold(PHOLD);
      RunResult result = executors.get(i).run(model, SPEC);
      String who = ExecutorsUnderTest.describe(executors.get(i), i);
      assertEquals(who, expected.events(), result.events());
      assertEquals(who, expected.lastEventTime(), result.lastEventTime());
      assertEquals(who, expected.sequenceHash(), result.sequenceHash());
      assertArrayEquals(who, oracle.handled(), model.handled());
      assertArrayEquals(who, oracle.checksums(), model.checksums());
    }
  }

  @Test(timeout = 60_000)
  public void repeatedActorRunsGiveTheSameHash() {
    ActorExecutor executor = new ActorExecutor(EIGHT_THREADS.system(), 4);
    RunResult first = executor.run(PHOLD, SPEC);
    RunResult second = executor.run(PHOLD, SPEC);
    assertEquals(first, second);
  }

  @Test(timeout = 60_000)
  public void anotherSeedGivesAnotherHash() {
    RunResult a = new SequentialExecutor().run(PHOLD, SPEC);
    RunResult b = new SequentialExecutor().run(PHOLD, new RunSpec(43, SPEC.horizon()));
    assertNotEquals(a.sequenceHash(), b.sequenceHash());
  }

  @Test(timeout = 120_000)
  public void theDeliveryHookSeesEveryEventInEachReceiversOrder() {
    PerReceiverTrace oracle = new PerReceiverTrace();
    RunResult expected = new SequentialExecutor().run(PHOLD, SPEC, oracle);
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    for (int i = 0; i < executors.size(); i++) {
      PerReceiverTrace trace = new PerReceiverTrace();
      RunResult result = executors.get(i).run(PHOLD, SPEC, trace);
      assertEquals(expected.events(), result.events());
      assertArrayEquals(ExecutorsUnderTest.describe(executors.get(i), i), oracle.hash, trace.hash);
    }
  }
}
