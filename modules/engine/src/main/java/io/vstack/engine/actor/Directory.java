package io.vstack.engine.actor;

import akka.actor.typed.ActorRef;
import java.util.List;

/** Every logical process's actor, by process id; built once per JVM when all partitions have spawned theirs. */
public final class Directory {
  private final ActorRef<LpActor.Command>[] refs;

  @SuppressWarnings("unchecked")
  Directory(List<List<ActorRef<LpActor.Command>>> byPartition) {
    refs = byPartition.stream().flatMap(List::stream).toArray(ActorRef[]::new);
  }

  ActorRef<LpActor.Command> get(int id) {
    return refs[id];
  }
}
