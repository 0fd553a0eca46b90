package io.vstack.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code vstack.engine} section, read and checked once.
 *
 * @param executor   which executor runs the model
 * @param threads    engine dispatcher threads
 * @param partitions partition actors per run
 */
public record EngineSettings(ExecutorKind executor, int threads, int partitions) {
  /** Default partitions per engine thread: smaller partitions keep their event heaps in cache. */
  static final int PARTITIONS_PER_THREAD = 4;

  public static EngineSettings from(Config config) {
    ExecutorKind executor = ExecutorKind.parse(string(config, "vstack.engine.executor"),
        where(config, "vstack.engine.executor"));
    int threads = nonNegative(config, "vstack.engine.threads");
    int partitions = nonNegative(config, "vstack.engine.partitions");
    int resolvedThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    return new EngineSettings(executor, resolvedThreads, partitions == 0 ? PARTITIONS_PER_THREAD * resolvedThreads
        : partitions);
  }

  static String where(Config config, String key) {
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

  /** The executors a user can choose. */
  public enum ExecutorKind {
    actor, partitioned, sequential;

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
