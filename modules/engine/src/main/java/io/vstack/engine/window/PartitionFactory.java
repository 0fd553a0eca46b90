package io.vstack.engine.window;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;

/** Makes the behavior of partition {@code index}; an executor is mostly its choice of factory. */
@FunctionalInterface
public interface PartitionFactory {
  Behavior<PartitionCommand> create(int index, ActorRef<ClockCoordinator.Command> coordinator);
}
