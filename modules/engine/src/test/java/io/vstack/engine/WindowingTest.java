package io.vstack.engine;

import static org.junit.Assert.assertEquals;
import org.junit.Assert;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class WindowingTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  private static final long SECOND = 1_000_000_000L;
  private static final long LOOKAHEAD = 1_000_000L;

  /** Process 0 wakes at 1 s and pokes process 1; process 1 also wakes at 10^6 s. Nothing else happens. */
  private record FarApart() implements Model {
    @Override
    public int processCount() {
      return 2;
    }

    @Override
    public long lookahead() {
      return LOOKAHEAD;
    }

    @Override
    public LogicalProcess<?> newProcess(int id) {
      return new LogicalProcess<String>() {
        @Override
        public void start(Context<String> ctx) {
          ctx.schedule(id == 0 ? SECOND : 1_000_000 * SECOND, "wake");
        }

        @Override
        public void handle(String message, Context<String> ctx) {
          if (id == 0) {
            ctx.send(LpRef.<String>of(1), LOOKAHEAD, "poke");
          }
        }
      };
    }
  }

  /** Every process fails or misbehaves on its first event, in the way {@code kind} says. */
  private record Faulty(String kind) implements Model {
    @Override
    public int processCount() {
      return 50;
    }

    @Override
    public long lookahead() {
      return 10;
    }

    @Override
    public LogicalProcess<?> newProcess(int id) {
      return new LogicalProcess<Integer>() {
        @Override
        public void start(Context<Integer> ctx) {
          ctx.schedule(5 + id, id);
        }

        @Override
        public void handle(Integer message, Context<Integer> ctx) {
          if (kind.equals("throw") && id == 17) {
            throw new IllegalStateException("boom in 17");
          }
          int target = (id + 1) % 50;
          ctx.send(LpRef.of(target), kind.equals("short") && id == 23 ? 9 : 10, message);
        }
      };
    }
  }

  private List<Executor> executors() {
    return ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
  }

  @Test(timeout = 60_000)
  public void emptyStretchesOfVirtualTimeAreSkippedInAHandfulOfWindows() {
    for (Executor executor : executors()) {
      RunResult result = executor.run(new FarApart(), RunSpec.untilQuiet(1));
      assertEquals(3, result.events());
      assertEquals(1_000_000 * SECOND, result.lastEventTime());
      if (!executor.name().equals("sequential")) {
        assertTrue(executor.name() + " opened " + result.windows() + " windows", result.windows() <= 3);
      }
    }
  }

  @Test(timeout = 60_000)
  public void eventsAtOrAfterTheHorizonAreNotDelivered() {
    for (Executor executor : executors()) {
      RunResult result = executor.run(new FarApart(), new RunSpec(1, 1_000_000 * SECOND));
      assertEquals(executor.name(), 2, result.events());
      assertEquals(executor.name(), SECOND + LOOKAHEAD, result.lastEventTime());
    }
  }

  @Test(timeout = 60_000)
  public void aHandlerExceptionFailsTheRunNamingTheProcessAndTime() {
    for (Executor executor : executors()) {
      EngineFailure e = Assert.assertThrows(EngineFailure.class,
          () -> executor.run(new Faulty("throw"), RunSpec.untilQuiet(1)));
      assertEquals(executor.name(), "process 17 failed at t=22: boom in 17", e.getMessage());
    }
  }

  @Test(timeout = 60_000)
  public void aSendBelowTheLookaheadFailsTheRun() {
    for (Executor executor : executors()) {
      EngineFailure e = Assert.assertThrows(EngineFailure.class,
          () -> executor.run(new Faulty("short"), RunSpec.untilQuiet(1)));
      assertTrue(executor.name(), e.getCause() instanceof LookaheadViolation);
    }
  }
}
