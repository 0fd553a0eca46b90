package io.vstack.cli;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.engine.EngineSystem;
import io.vstack.engine.Executor;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.sequential.SequentialExecutor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The engine a command runs models on: the {@code vstack.engine} section, read and checked once (which executor,
 * how many dispatcher threads and partition actors), and, once {@link #start() started}, the actor system sized by
 * it and the executors on that system. Starting is a separate step because a clustered run only needs the
 * settings: its members start their own engines.
 */
public final class Engine implements AutoCloseable {
  /** Default partitions per engine thread: smaller partitions keep their event heaps in cache. */
  private static final int PARTITIONS_PER_THREAD = 4;

  private final ExecutorKind executor;
  private final int threads;
  private final int partitions;
  private ActorSystem<Void> system;

  private Engine(ExecutorKind executor, int threads, int partitions) {
    this.executor = executor;
    this.threads = threads;
    this.partitions = partitions;
  }

  /** The engine {@code config} asks for, not started; a bad value is an {@link InputError} naming its key. */
  public static Engine configured(Config config) {
    ExecutorKind executor = ExecutorKind.parse(string(config, "vstack.engine.executor"),
        where(config, "vstack.engine.executor"));
    int threads = nonNegative(config, "vstack.engine.threads");
    int partitions = nonNegative(config, "vstack.engine.partitions");
    int resolvedThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    return new Engine(executor, resolvedThreads, partitions == 0 ? PARTITIONS_PER_THREAD * resolvedThreads
        : partitions);
  }

  /** Starts the actor system; returns this engine, to be closed when the command is done with it. */
  public Engine start() {
    system = EngineSystem.start("vstack", threads, JournalDatabase.load());
    return this;
  }

  /** The configured executor. */
  public Executor configuredExecutor() {
    return of(executor);
  }

  /** Which executor {@link #configuredExecutor} runs, and why: for a report next to a run's results. */
  public String choice() {
    return executor == ExecutorKind.auto
        ? "executor " + executor.runs() + ": the default (vstack.engine.executor = auto), faster than the actor "
            + "executor in vstack bench model (boot storms of 10,000 and 100,000 guests) and vstack bench fleet "
            + "(fleets of 1,000 and 10,000 hosts); --executor picks another"
        : "executor " + executor.runs() + ", as configured (--executor or vstack.engine.executor)";
  }

  public Executor of(ExecutorKind kind) {
    return switch (kind) {
      case actor -> new ActorExecutor(system(), partitions);
      case partitioned, auto -> new PartitionedExecutor(system(), partitions);
      case sequential -> new SequentialExecutor();
    };
  }

  public ActorSystem<Void> system() {
    if (system == null) {
      throw new IllegalStateException("engine not started");
    }
    return system;
  }

  public int threads() {
    return threads;
  }

  public int partitions() {
    return partitions;
  }

  @Override
  public void close() {
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private static String where(Config config, String key) {
    String origin = config.hasPath(key) ? config.getValue(key).origin().description() : "configuration";
    return origin + ": " + key;
  }

  private static String string(Config config, String key) {
    try {
      return config.getString(key);
    } catch (ConfigException e) {
      throw new InputError(where(config, key) + ": " + e.getMessage());
    }
  }

  private static int nonNegative(Config config, String key) {
    int value;
    try {
      value = config.getInt(key);
    } catch (ConfigException e) {
      throw new InputError(where(config, key) + ": expected a whole number >= 0 (0 = one per core)");
    }
    if (value < 0) {
      throw new InputError(where(config, key) + " = " + value + ": expected a whole number >= 0 (0 = one per core)");
    }
    return value;
  }

  /**
   * The executors a user can choose; auto is the partitioned one, which the benchmarks found faster than the actor
   * one on single-host storms and on fleets of 1,000 hosts and more (the actor one won only on a 100-host fleet,
   * where both take under a second); the sequential one, the oracle, is not Akka-based.
   */
  public enum ExecutorKind {
    auto, actor, partitioned, sequential;

    /** The executor this kind runs: itself, or for auto the partitioned one (named after its kind). */
    ExecutorKind runs() {
      return this == auto ? partitioned : this;
    }

    static ExecutorKind parse(String value, String where) {
      try {
        return valueOf(value);
      } catch (IllegalArgumentException e) {
        throw new InputError(where + " = '" + value + "' is not one of " + allowed());
      }
    }

    static String allowed() {
      return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
  }
}
