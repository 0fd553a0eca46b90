package io.vstack.cli;

import akka.actor.typed.ActorSystem;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.engine.EngineSystem;
import io.vstack.engine.Executor;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.sequential.SequentialExecutor;

/** An actor system sized by {@link EngineSettings} and the executors that run on it. */
public final class Engines implements AutoCloseable {
  private final EngineSettings settings;
  private final ActorSystem<Void> system;

  public Engines(EngineSettings settings) {
    this.settings = settings;
    this.system = EngineSystem.start("vstack", settings.threads(), JournalDatabase.load());
  }

  public Executor configured() {
    return of(settings.executor());
  }

  public Executor of(EngineSettings.ExecutorKind kind) {
    return switch (kind) {
      case actor -> new ActorExecutor(system, settings.partitions());
      case partitioned -> new PartitionedExecutor(system, settings.partitions());
      case sequential -> new SequentialExecutor();
    };
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public EngineSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
