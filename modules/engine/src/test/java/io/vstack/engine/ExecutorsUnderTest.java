package io.vstack.engine;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.sequential.SequentialExecutor;
import java.util.List;

/** The executor line-up every engine property is checked against. */
public final class ExecutorsUnderTest {
  private ExecutorsUnderTest() {
  }

  /** Test-kit config giving the engine dispatcher exactly {@code threads} threads. */
  public static Config threads(int threads) {
    return ConfigFactory.parseString("vstack.engine.dispatcher.fork-join-executor { parallelism-min = " + threads
        + ", parallelism-max = " + threads + " }");
  }

  /** Sequential, then actor and partitioned on a 1-thread and an 8-thread system with varied partition counts. */
  public static List<Executor> all(ActorSystem<?> oneThread, ActorSystem<?> eightThreads) {
    return List.of(
        new SequentialExecutor(),
        new ActorExecutor(oneThread, 1),
        new ActorExecutor(oneThread, 3),
        new ActorExecutor(eightThreads, 8),
        new PartitionedExecutor(oneThread, 1),
        new PartitionedExecutor(oneThread, 3),
        new PartitionedExecutor(eightThreads, 8));
  }

  public static String describe(Executor executor, int index) {
    return "#" + index + " " + executor.name();
  }
}
