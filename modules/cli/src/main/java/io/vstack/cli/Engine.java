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
  /**
   * Default partitions per engine thread for fleets on the partitioned executor: a window's work is a few busy
   * hosts, and finer blocks of hosts share it out more evenly between the threads (bench fleet's dense fleet, runs
   * of 2026-12-04 on the 2-core machine: 1.03-1.37x the sequential executor with 16 per thread against 0.92-1.07x
   * with 4; its churn 0.76-0.98x against 0.73-0.88x). The actor executor keeps 4: with 16 its churn ran at
   * 0.56-0.63x against 0.78-0.92x. Still so once hosts were spread over the blocks (HostProcesses) and the parallel
   * collector ran: dense fleet 1.27x with 16 per thread against 1.10x with 4, one pair of runs.
   */
  private static final int FLEET_PARTITIONS_PER_THREAD = 16;

  private final ExecutorKind executor;
  private final int threads;
  /** As configured: 0 lets the run's shape choose. */
  private final int partitionsSetting;
  private ActorSystem<Void> system;

  /** What a run simulates, for its default partition count. */
  public enum Shape { host, fleet }

  private Engine(ExecutorKind executor, int threads, int partitionsSetting) {
    this.executor = executor;
    this.threads = threads;
    this.partitionsSetting = partitionsSetting;
  }

  /** The engine {@code config} asks for, not started; a bad value is an {@link InputError} naming its key. */
  public static Engine configured(Config config) {
    ExecutorKind executor = ExecutorKind.parse(string(config, "vstack.engine.executor"),
        where(config, "vstack.engine.executor"));
    int threads = nonNegative(config, "vstack.engine.threads");
    int partitions = nonNegative(config, "vstack.engine.partitions");
    int resolvedThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    return new Engine(executor, resolvedThreads, partitions);
  }

  /** Starts the actor system; returns this engine, to be closed when the command is done with it. */
  public Engine start() {
    system = EngineSystem.start("vstack", threads, JournalDatabase.load());
    return this;
  }

  /** The configured executor for single-host runs. */
  public Executor configuredExecutor() {
    return of(executor);
  }

  /** The configured executor for runs of {@code shape}. */
  public Executor configuredExecutor(Shape shape) {
    return of(executor, shape);
  }

  /** Partition actors of the configured executor for runs of {@code shape}. */
  public int configuredPartitions(Shape shape) {
    return partitions(executor, shape);
  }

  /** Which executor {@link #configuredExecutor} runs, and why: for a report next to a run's results. */
  public String choice() {
    return executor == ExecutorKind.auto
        ? "executor " + executor.runs() + ": the default (vstack.engine.executor = auto), faster than the actor "
            + "executor in vstack bench model (boot storms of 10,000 and 100,000 guests); on fleets (vstack bench "
            + "fleet) the two differ by less than runs of either differ from one another; --executor picks another"
        : "executor " + executor.runs() + ", as configured (--executor or vstack.engine.executor)";
  }

  public Executor of(ExecutorKind kind) {
    return of(kind, Shape.host);
  }

  /** Executor {@code kind} with the partitions that suit runs of {@code shape}. */
  public Executor of(ExecutorKind kind, Shape shape) {
    return switch (kind) {
      case actor -> new ActorExecutor(system(), partitions(kind, shape));
      case partitioned, auto -> new PartitionedExecutor(system(), partitions(kind, shape));
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

  /** Partition actors per single-host run: as configured, or four per engine thread. */
  public int partitions() {
    return partitions(ExecutorKind.partitioned, Shape.host);
  }

  /**
   * Partition actors of executor {@code kind} per run of {@code shape}: as configured, or a number per engine
   * thread that suits them.
   */
  public int partitions(ExecutorKind kind, Shape shape) {
    if (partitionsSetting > 0) {
      return partitionsSetting;
    }
    boolean fine = shape == Shape.fleet && kind.runs() == ExecutorKind.partitioned;
    return (fine ? FLEET_PARTITIONS_PER_THREAD : PARTITIONS_PER_THREAD) * threads;
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
   * one on single-host storms and no slower on fleets (where runs on this 2-core machine spread by more than the
   * two executors differ); the sequential one, the oracle, is not Akka-based.
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
