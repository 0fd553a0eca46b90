package io.vstack.engine.window;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.core.Partitioning;

/**
 * An executor that runs a model as windowed partitions under a {@link ClockCoordinator} on an actor system. The
 * executors differ only in the partition actor they run, so each is a name and a {@link PartitionBehavior}.
 */
public abstract class WindowedExecutor implements Executor {

  /** How an executor's partitions run their processes. */
  @FunctionalInterface
  protected interface PartitionBehavior {
    /**
     * The behavior of partition {@code index}, hosting {@code partitioning}'s block of the model's processes, fresh
     * or (when {@code restored} is not null) as a checkpoint left them.
     */
    Behavior<PartitionCommand> create(int index, Partitioning partitioning, Model model, long seed,
        DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator);
  }

  private final ActorSystem<?> system;
  private final int partitions;
  private final String name;
  private final PartitionBehavior partition;

  protected WindowedExecutor(ActorSystem<?> system, int partitions, String name, PartitionBehavior partition) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    this.system = system;
    this.partitions = partitions;
    this.name = name;
    this.partition = partition;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    return run(model, spec, listener, Checkpointing.NONE);
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener, Checkpointing checkpointing) {
    Partitioning partitioning = new Partitioning(model.processCount(), partitions);
    Restored restored = checkpointing.resumeFrom() == null ? null
        : new Restored(checkpointing.resumeFrom(), model.processCount());
    return WindowedRun.run(system, (index, coordinator) -> partition.create(index, partitioning, model, spec.seed(),
        listener, restored, coordinator), partitioning.partitions(), model.lookahead(), spec, checkpointing);
  }
}
