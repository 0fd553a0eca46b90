package io.vstack.engine.nested;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.Context;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LookaheadViolation;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.phold.Phold;
import io.vstack.engine.sequential.SequentialExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class NestTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  private static final Phold INNER = new Phold(40, 100, 100, 2);

  /** Hosts that each nest a PHOLD; on each of its first five wakes a host throws a ball into the next host's nest. */
  record Hosts(int hosts, long latency) implements Model {
    @Override
    public int processCount() {
      return hosts;
    }

    @Override
    public long lookahead() {
      return latency;
    }

    @Override
    public LogicalProcess<?> newProcess(int id) {
      return new Host(hosts, latency);
    }
  }

  record Thrown() implements java.io.Serializable {
  }

  static final class Host implements LogicalProcess<Object> {
    private static final long serialVersionUID = 1L;
    private final Nest nest = new Nest(INNER);
    private final Wakes wakes = new Wakes();
    private final int hosts;
    private final long latency;
    private long woken;

    Host(int hosts, long latency) {
      this.hosts = hosts;
      this.latency = latency;
    }

    @Override
    public void start(Context<Object> ctx) {
      nest.start(ctx.random().nextLong(), ctx.now());
      wakes.plan(nest, ctx);
    }

    @Override
    public void handle(Object message, Context<Object> ctx) {
      if (message instanceof Thrown) {
        nest.inject(ctx.now(), (int) (woken % INNER.processCount()), new Phold.Ball(0));
      } else if (woken++ < 5) {
        ctx.send(LpRef.of((ctx.self().id() + 1) % hosts), latency, new Thrown());
      }
      wakes.run(nest, ctx);
    }
  }

  @Test
  public void aNestSteppedThroughItsEventTimesHandlesExactlyWhatTheSequentialExecutorDoes() {
    RunSpec spec = new RunSpec(5, INNER.horizonFor(30_000));
    RunResult sequential = new SequentialExecutor().run(INNER, spec);
    Nest nest = new Nest(INNER);
    nest.start(spec.seed(), 0);
    while (nest.nextTime() < spec.horizon()) {
      nest.runThrough(nest.nextTime());
    }
    assertEquals(sequential.events(), nest.events());
    assertEquals(sequential.sequenceHash(), nest.hash());
  }

  /** Two processes with lookahead 10 that send {@code send(self id)} at start and record what they handle. */
  private static Model twoProcesses(IntFunction<String> send, long delay, List<String> handled) {
    return new Model() {
      @Override
      public int processCount() {
        return 2;
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
            String message = send.apply(ctx.self().id());
            if (message != null) {
              ctx.send(LpRef.of(1 - ctx.self().id()), delay, message);
            }
          }

          @Override
          public void handle(String message, Context<String> ctx) {
            handled.add(message + " at " + ctx.now());
          }
        };
      }
    };
  }

  @Test
  public void anEventFromOutsideComesAfterEveryProcessesEventAtTheSameTime() {
    List<String> order = new ArrayList<>();
    Nest nest = new Nest(twoProcesses(id -> id == 1 ? "from 1" : null, 10, order));
    nest.start(1, 0);
    nest.inject(10, 0, "from outside");
    nest.runThrough(10);
    assertEquals(List.of("from 1 at 10", "from outside at 10"), order);
    assertEquals(Long.MAX_VALUE, nest.nextTime());
  }

  @Test
  public void aNestedProcessKeepsItsOwnLookahead() {
    Model tooFast = twoProcesses(id -> "too soon", 9, new ArrayList<>());
    Assert.assertThrows(LookaheadViolation.class, () -> new Nest(tooFast).start(1, 0));
  }

  @Test(timeout = 120_000)
  public void nestsInsideAModelRunTheSameOnEveryExecutorAndResumeFromACheckpoint() {
    Hosts hosts = new Hosts(12, 1_000);
    RunSpec spec = new RunSpec(3, 50_000);
    RunResult expected = new SequentialExecutor().run(hosts, spec);
    assertTrue("the run must be big enough to mean something", expected.events() > 5_000);
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    for (int i = 0; i < executors.size(); i++) {
      RunResult result = executors.get(i).run(hosts, spec);
      assertTrue(ExecutorsUnderTest.describe(executors.get(i), i), expected.sameOutcomeAs(result));
    }
    List<Checkpoint> taken = new ArrayList<>();
    new PartitionedExecutor(EIGHT_THREADS.system(), 3).run(hosts, spec, DeliveryListener.NONE,
        new Checkpointing(20, 0, taken::add, null));
    assertTrue("need a checkpoint, got none", !taken.isEmpty());
    RunResult resumed = new SequentialExecutor().run(hosts, spec, DeliveryListener.NONE,
        new Checkpointing(0, 0, c -> { }, taken.get(taken.size() / 2)));
    assertTrue(expected.sameOutcomeAs(resumed));
  }
}
