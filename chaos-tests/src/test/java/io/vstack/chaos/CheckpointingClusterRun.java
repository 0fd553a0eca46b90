package io.vstack.chaos;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.trace.XenHostFactory;
import io.vstack.workload.WorkloadDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A 3000-guest storm running on a cluster with a checkpoint every 2 s of wall time, started and waited on until its
 * first checkpoint, so that a test can then inflict a fault; with the single-JVM sequential result to compare with.
 *
 * @param expected what the uninterrupted run gives
 * @param run      the clustered run, still going
 * @param progress what the client reported so far (checkpoints, resumptions)
 */
record CheckpointingClusterRun(RunResult expected, CompletableFuture<RunResult> run,
    LinkedBlockingQueue<String> progress) {

  static CheckpointingClusterRun startAndAwaitCheckpoint(ActorSystem<?> client, Path conf) throws Exception {
    Scenario scenario = Scenario.load(conf, null, List.of("workload.guests=3000", "guest.memory-mib=64"));
    RunResult expected = new SequentialExecutor().run(new XenModel(scenario, WorkloadDriver::new),
        RunSpec.untilQuiet(scenario.seed()));
    LinkedBlockingQueue<String> progress = new LinkedBlockingQueue<>();
    ClusterExecutor executor = new ClusterExecutor(client, 6, XenHostFactory.spec(scenario),
        new Checkpointing(0, 2_000_000_000L, checkpoint -> { }, null), progress::add);
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> executor.run(
        new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed())));
    String first = progress.poll(120, TimeUnit.SECONDS);
    assertTrue("a checkpoint before the fault, got " + first, first != null && first.startsWith("checkpoint at"));
    assertFalse("the run ended before the fault: make the scenario longer", run.isDone());
    return new CheckpointingClusterRun(expected, run, progress);
  }

  /** Everything the client reported. */
  String said() {
    return String.join("\n", progress);
  }
}
