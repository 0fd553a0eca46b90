package io.vstack.engine.actor;

import akka.actor.typed.ActorSystem;
import io.vstack.engine.window.WindowedExecutor;

/** Every logical process its own actor, grouped under a few {@link LpPartition}s: the product's shape. */
public final class ActorExecutor extends WindowedExecutor {

  public ActorExecutor(ActorSystem<?> system, int partitions) {
    super(system, partitions, "actor", LpPartition::create);
  }
}
