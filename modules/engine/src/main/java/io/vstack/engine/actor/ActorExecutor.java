package io.vstack.engine.actor;

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

/** Every logical process its own actor, grouped under a few {@link LpPartition}s: the product's shape. */
public final class ActorExecutor extends WindowedExecutor {

  public ActorExecutor(ActorSystem<?> system, int partitions) {
    super(system, partitions);
  }

  @Override
  public String name() {
    return "actor";
  }

  @Override
  protected Behavior<PartitionCommand> partition(int index, Partitioning partitioning, Model model, long seed,
      DeliveryListener listener, Restored restored, ActorRef<ClockCoordinator.Command> coordinator) {
    return LpPartition.create(index, partitioning, model, seed, listener, restored, coordinator);
  }
}
