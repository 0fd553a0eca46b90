package io.vstack.engine.actor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.vstack.engine.CausalityViolation;
import io.vstack.engine.Context;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.Model;
import io.vstack.engine.core.Ties;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class LpActorCausalityTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource TEST_KIT = new TestKitJunitResource();

  /** One process that does nothing, lookahead 10. */
  private static final Model QUIET = new Model() {
    @Override
    public int processCount() {
      return 1;
    }

    @Override
    public long lookahead() {
      return 10;
    }

    @Override
    public LogicalProcess<?> newProcess(int id) {
      return new LogicalProcess<String>() {
        @Override
        public void start(Context<String> ctx) {
        }

        @Override
        public void handle(String message, Context<String> ctx) {
        }
      };
    }
  };

  @Test
  public void aProcessActorRefusesAnEventStampedBeforeItsClock() {
    TestProbe<LpPartition.Command> partition = TEST_KIT.createTestProbe();
    ActorRef<LpActor.Command> lp = TEST_KIT.spawn(LpActor.create(0, 0, QUIET, 1, null, DeliveryListener.NONE,
        partition.getRef()));
    lp.tell(new LpActor.Init(new Directory(List.of(List.of(lp)))));
    assertEquals(Long.MAX_VALUE, partition.expectMessageClass(LpPartition.LpDone.class).next());

    lp.tell(new LpActor.Deliver(100, 0, Ties.of(1, 0), "on time"));
    lp.tell(new LpActor.RunWindow(200));
    partition.expectMessageClass(LpPartition.LpDone.class);

    lp.tell(new LpActor.Deliver(50, 0, Ties.of(1, 1), "from the past"));
    lp.tell(new LpActor.RunWindow(300));
    LpPartition.LpFailed failed = partition.expectMessageClass(LpPartition.LpFailed.class);
    assertTrue(failed.cause() instanceof CausalityViolation);
    assertEquals("process 0 at t=100 was handed an event stamped t=50 from process 1", failed.cause().getMessage());
  }
}
