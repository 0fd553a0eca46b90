package io.vstack.engine.partitioned;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Model;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.core.Partitioning;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import io.vstack.engine.window.WindowedExecutor;

/** About one actor per core, each running many logical processes in-line: the fast path. */
public final class PartitionedExecutor extends WindowedExecutor {

  public PartitionedExecutor(ActorSystem<?> system, int partitions) {
    super(system, partitions);
  }

  @Override
  public String name() {
    return "partitioned";
  }

  @Override
  protected Behavior<PartitionCommand> partition(int index, Partitioning partitioning, Model model, long seed,
      DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    return InlinePartition.create(index, partitioning, model, seed, listener, restored, coordinator);
  }
}
