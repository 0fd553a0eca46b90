package io.vstack.engine;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Starts an actor system whose engine dispatcher has a fixed number of threads. */
public final class EngineSystem {
  private EngineSystem() {
  }

  public static ActorSystem<Void> start(String name, int threads, Config base) {
    if (threads <= 0) {
      throw new IllegalArgumentException("engine threads must be > 0, was " + threads);
    }
    Config config = ConfigFactory.parseString("vstack.engine.dispatcher.fork-join-executor { parallelism-min = "
        + threads + ", parallelism-max = " + threads + " }").withFallback(base);
    return ActorSystem.create(Behaviors.empty(), name, config);
  }
}
