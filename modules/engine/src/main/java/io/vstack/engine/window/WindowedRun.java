package io.vstack.engine.window;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/** Runs one windowed simulation on an actor system and waits for its outcome. */
public final class WindowedRun {
  private static final AtomicLong RUNS = new AtomicLong();

  private WindowedRun() {
  }

  public static RunResult run(ActorSystem<?> system, PartitionFactory factory, int partitions, long lookahead,
      RunSpec spec, Checkpointing checkpointing) {
    if (lookahead <= 0) {
      throw new IllegalArgumentException("lookahead must be > 0 ticks, was " + lookahead);
    }
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    system.systemActorOf(ClockCoordinator.create(factory, partitions, lookahead, spec.horizon(), result,
        checkpointing),
        "vstack-run-" + RUNS.incrementAndGet(), DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER));
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof EngineFailure failure) {
        throw failure;
      }
      throw new EngineFailure("run failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
