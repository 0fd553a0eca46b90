package io.vstack.cli;

import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Engine flags shared by the commands that run models; each overrides its {@code vstack.engine} key. A picocli mixin
 * of its own, apart from {@link Engine}: picocli creates it and sets its fields while parsing, before the
 * configuration they go on top of is read, whereas an {@code Engine} holds the checked result.
 */
public final class EngineOptions {

  @Option(names = "--executor", paramLabel = "KIND",
      description = "auto | actor | partitioned | sequential (default: vstack.engine.executor, auto: the "
          + "partitioned one, the fastest Akka-based executor measured)")
  private Engine.ExecutorKind executor;

  @Option(names = "--threads", paramLabel = "N", description = "engine threads (default: vstack.engine.threads)")
  private Integer threads;

  @Option(names = "--partitions", paramLabel = "N",
      description = "partition actors (default: vstack.engine.partitions)")
  private Integer partitions;

  /** The engine configured with this command line's flags applied, not started. */
  public Engine configured() {
    Map<String, Object> flags = new LinkedHashMap<>();
    if (executor != null) {
      flags.put("vstack.engine.executor", executor.name());
    }
    if (threads != null) {
      flags.put("vstack.engine.threads", threads);
    }
    if (partitions != null) {
      flags.put("vstack.engine.partitions", partitions);
    }
    return Engine.configured(ConfigFactory.parseMap(flags, "command line").withFallback(ConfigFactory.load()));
  }

  /** As {@link #configured()}, started. */
  public Engine start() {
    return configured().start();
  }
}
