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

/** An executor that runs a model as windowed partitions under a {@link ClockCoordinator} on an actor system. */
public abstract class WindowedExecutor implements Executor {
  private final ActorSystem<?> system;
  private final int partitions;

  protected WindowedExecutor(ActorSystem<?> system, int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    this.system = system;
    this.partitions = partitions;
  }

  /**
   * The behavior of partition {@code index}, hosting {@code partitioning}'s block of the model's processes, fresh
   * or (when {@code restored} is not null) as a checkpoint left them.
   */
  protected abstract Behavior<PartitionCommand> partition(int index, Partitioning partitioning, Model model,
      long seed, DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator);

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    return run(model, spec, listener, Checkpointing.NONE);
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener, Checkpointing checkpointing) {
    Partitioning partitioning = new Partitioning(model.processCount(), partitions);
    Restored restored = checkpointing.resumeFrom() == null ? null
        : new Restored(checkpointing.resumeFrom(), model.processCount());
    return WindowedRun.run(system, (index, coordinator) -> partition(index, partitioning, model, spec.seed(),
        listener, restored, coordinator), partitioning.partitions(), model.lookahead(), spec, checkpointing);
  }
}
