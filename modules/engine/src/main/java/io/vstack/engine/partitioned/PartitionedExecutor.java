package io.vstack.engine.partitioned;

import akka.actor.typed.ActorSystem;
import io.vstack.engine.window.WindowedExecutor;

/** About one actor per core, each running many logical processes in-line: the fast path. */
public final class PartitionedExecutor extends WindowedExecutor {

  public PartitionedExecutor(ActorSystem<?> system, int partitions) {
    super(system, partitions, "partitioned", InlinePartition::create);
  }
}
