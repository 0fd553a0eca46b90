package io.vstack.engine.partitioned;

import akka.actor.typed.ActorSystem;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.core.Partitioning;
import io.vstack.engine.window.WindowedRun;

/** About one actor per core, each running many logical processes in-line: the fast path. */
public final class PartitionedExecutor implements Executor {
  private final ActorSystem<?> system;
  private final int partitions;

  public PartitionedExecutor(ActorSystem<?> system, int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    this.system = system;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return "partitioned";
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    Partitioning partitioning = new Partitioning(model.processCount(), partitions);
    return WindowedRun.run(system, (index, coordinator) -> InlinePartition.create(index, partitioning, model,
        spec.seed(), listener, coordinator), partitioning.partitions(), model.lookahead(), spec);
  }
}
