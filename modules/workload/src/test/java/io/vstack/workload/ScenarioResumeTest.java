package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A Xen model run resumed from a checkpoint ends exactly like the uninterrupted run. */
public class ScenarioResumeTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource FOUR_THREADS = new TestKitJunitResource(ExecutorsUnderTest.threads(4));

  private static void resumesIdentically(Scenario scenario) {
    ScenarioRun oracle = ScenarioRun.run(scenario, new SequentialExecutor());
    List<Checkpoint> taken = new ArrayList<>();
    ScenarioRun checkpointed = ScenarioRun.run(scenario, new ActorExecutor(FOUR_THREADS.system(), 3),
        DeliveryListener.NONE, WorkloadDriver::new, new Checkpointing(25, 0, taken::add, null));
    assertEquals(oracle.summary(), checkpointed.summary());
    assertTrue("need several checkpoints, got " + taken.size(), taken.size() >= 3);
    List<Executor> resumers = List.of(new SequentialExecutor(), new PartitionedExecutor(FOUR_THREADS.system(), 5),
        new ActorExecutor(FOUR_THREADS.system(), 2));
    for (Checkpoint checkpoint : List.of(taken.get(1), taken.get(taken.size() - 2))) {
      for (Executor executor : resumers) {
        ScenarioRun resumed = ScenarioRun.run(scenario, executor, DeliveryListener.NONE, WorkloadDriver::new,
            new Checkpointing(0, 0, c -> { }, checkpoint));
        String who = executor.name() + " from t=" + checkpoint.time();
        assertEquals(who, oracle.result().sequenceHash(), resumed.result().sequenceHash());
        assertEquals(who, oracle.result().events(), resumed.result().events());
        assertEquals(who, Lifecycle.rows(oracle.model()), Lifecycle.rows(resumed.model()));
        assertEquals(who, oracle.summary(), resumed.summary());
        assertEquals(who, List.of(), resumed.violations());
      }
    }
  }

  @Test(timeout = 120_000)
  public void aStockStormResumedFromACheckpointEndsLikeTheUninterruptedRun() {
    resumesIdentically(Scenarios.of("host=quad-node", "workload.guests=32", "guest.memory-mib=512"));
  }

  @Test(timeout = 120_000)
  public void anIdleScrubbingStormResumedFromACheckpointEndsLikeTheUninterruptedRun() {
    resumesIdentically(Scenarios.of("host=quad-node", "workload.guests=16", "guest.memory-mib=1024",
        "toolstack.mode=parallel", "scrub.placement=idle"));
  }

  @Test(timeout = 120_000)
  public void aFixedStormWithFaultsResumedFromACheckpointEndsLikeTheUninterruptedRun() {
    resumesIdentically(Scenarios.of("host=quad-node", "workload.guests=24", "guest.memory-mib=512",
        "toolstack.mode=parallel", "xenstore.cache=on", "scrub.placement=local", "xenstore.shards=2",
        "toolstack.workers=8").withFaults(List.of(
            FaultSpec.parse("xenstored-restart@20ms,shard=1,downtime=300ms"),
            FaultSpec.parse("memory-pressure@0s,node=2,mib=30000,duration=2s"),
            FaultSpec.parse("pcpu-offline@100ms,pcpu=1,duration=700ms"))));
  }
}
