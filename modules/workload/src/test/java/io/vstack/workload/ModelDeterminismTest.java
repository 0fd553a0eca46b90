package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Lifecycle;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Same scenario and seed: identical lifecycle table, summary and sequence hash on every executor. */
public class ModelDeterminismTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  /** Runs {@code scenario} on every executor setup, checks they agree, and returns the sequential run. */
  private static ScenarioRun sameOnEveryExecutor(Scenario scenario) {
    return sameOnEveryExecutor(scenario, WorkloadDriver::new);
  }

  /** As above with the workload driven by {@code driver}. */
  private static ScenarioRun sameOnEveryExecutor(Scenario scenario, XenModel.DriverFactory driver) {
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    ScenarioRun oracle = ScenarioRun.run(scenario, executors.get(0), DeliveryListener.NONE, driver);
    assertEquals(List.of(), oracle.violations());
    List<List<String>> rows = Lifecycle.rows(oracle.model());
    for (int i = 1; i < executors.size(); i++) {
      ScenarioRun run = ScenarioRun.run(scenario, executors.get(i), DeliveryListener.NONE, driver);
      String who = ExecutorsUnderTest.describe(executors.get(i), i);
      assertEquals(who, oracle.result().sequenceHash(), run.result().sequenceHash());
      assertEquals(who, oracle.result().events(), run.result().events());
      assertEquals(who, rows, Lifecycle.rows(run.model()));
      assertEquals(who, oracle.summary(), run.summary());
      assertEquals(who, List.of(), run.violations());
    }
    return oracle;
  }

  @Test(timeout = 120_000)
  public void aStockStormIsIdenticalOnEveryExecutor() {
    sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=48", "guest.memory-mib=512"));
  }

  @Test(timeout = 120_000)
  public void aFixedStormWithShardsAndStoreConflictsIsIdenticalOnEveryExecutor() {
    sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=48", "guest.memory-mib=512",
        "toolstack.mode=parallel", "xenstore.cache=on", "scrub.placement=local", "xenstore.shards=3",
        "xenstore.conflict=store", "toolstack.workers=12"));
  }

  @Test(timeout = 120_000)
  public void streamsSharingNarrowMemoryAndInterconnectBandwidthAreIdenticalOnEveryExecutor() {
    // local scrub batches and remote scrub batches of a destroy storm on one host whose nodes and links are narrow enough
    // that nearly every grant depends on the streams already running on the node
    for (String scrub : List.of("local", "remote")) {
      sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=24", "guest.memory-mib=1024",
          "toolstack.mode=parallel", "toolstack.workers=8", "scrub.placement=" + scrub,
          "hosts.quad-node.memory-bandwidth-gbps=3", "hosts.quad-node.interconnect-gbps=2"));
    }
  }

  @Test(timeout = 120_000)
  public void idleScrubbingWithAnAllocationHittingDirtyMemoryAndFaultsIsIdenticalOnEveryExecutor() {
    // Six 4 GiB guests fill 2 x 12 GiB; two are destroyed (5.4 to 5.9 s) and a seventh created at once, so its
    // allocation takes dirty pages and scrubs them (from about 5.9 s) while idle pCPUs scrub the rest. Outages take
    // node 1's scrubbing pCPUs mid-chunk (12, then 13, which took over), and xl is killed while the allocation
    // scrubs: the cleanup gives the pages it had not scrubbed back as dirty.
    Scenario s = Scenarios.of("hosts.paper-2socket.memory-per-node-mib=12288", "guest.memory-mib=4096",
        "workload.guests=7", "toolstack.workers=1", "scrub.placement=idle").withFaults(List.of(
            FaultSpec.parse("pcpu-offline@6s,pcpu=12,duration=300ms"),
            FaultSpec.parse("pcpu-offline@6100ms,pcpu=13,duration=300ms"),
            FaultSpec.parse("toolstack-crash@7s,worker=0,restart=100ms")));
    XenModel.DriverFactory script = (layout, sc) -> new PacedDriver(layout, sc, List.of(PacedDriver.create(0),
        PacedDriver.create(1), PacedDriver.create(2), PacedDriver.create(3), PacedDriver.create(4),
        PacedDriver.create(5), PacedDriver.destroy(0), PacedDriver.destroy(1), PacedDriver.create(6)));
    ScenarioRun oracle = sameOnEveryExecutor(s, script);
    assertTrue(oracle.summary().allocationScrubbedPages() > 0);
    assertEquals("the last create was killed and cleaned up", 1, oracle.summary().leftoversCleaned());
    assertEquals(1, oracle.summary().createFailed());
    assertTrue(oracle.summary().memoryCleanMs() > oracle.summary().destroyMakespanMs());
  }

  @Test(timeout = 120_000)
  public void anXl414StormWithAutoBallooningIsIdenticalOnEveryExecutor() {
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=12",
        "guest.memory-mib=512", "toolstack.mode=xl-4.14", "toolstack.autoballoon=on", "toolstack.workers=6")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@2500ms,worker=1,restart=300ms"))));
    assertTrue("creations waited for the global lock", oracle.summary().xlLockWaitMs() > 0);
    assertEquals(1, oracle.summary().xlKilled());
  }

  @Test(timeout = 120_000)
  public void aXenopsdStormIsIdenticalOnEveryExecutor() {
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=16",
        "guest.memory-mib=512", "toolstack.kind=xenopsd", "toolstack.workers=4", "scrub.placement=idle",
        "toolstack.numa-placement=best-effort", "workload.destroy=on-running"));
    assertEquals(16, oracle.summary().destroyed());
    assertEquals(0.0, oracle.summary().xlLockWaitMs(), 0.0);
  }

  @Test(timeout = 120_000)
  public void anHvmStormWithDeviceModelsAndDom0LoadIsIdenticalOnEveryExecutor() {
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=24",
        "guest.memory-mib=512", "guest.type=hvm", "toolstack.mode=parallel", "toolstack.workers=8",
        "xenstore.shards=2", "workload.destroy=on-running"));
    assertEquals(24, oracle.summary().destroyed());
  }

  @Test(timeout = 120_000)
  public void aPygrubStormOnXenopsdIsIdenticalOnEveryExecutor() {
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=12",
        "guest.memory-mib=512", "guest.bootloader=pygrub", "toolstack.kind=xenopsd", "toolstack.workers=4"));
    assertEquals(12, oracle.summary().destroyed());
  }

  @Test(timeout = 120_000)
  public void aNoxsStormIsIdenticalOnEveryExecutor() {
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=24",
        "guest.memory-mib=512", "toolstack.noxs=on", "toolstack.mode=parallel", "toolstack.workers=8")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@250ms,worker=2,restart=300ms"))));
    assertEquals(0, oracle.summary().xenstoreOpsTotal());
    assertEquals(1, oracle.summary().xlKilled());
  }

  @Test(timeout = 120_000)
  public void aShellPoolStormRunningThePoolDryIsIdenticalOnEveryExecutor() {
    // A pre-filled pool of 6 with low-water refill serves the first 6 of 16; xl is killed on worker 1 while the
    // pre-fill prepares a shell (about 150 ms in), so the pool starts one short and the cleanup frees that shell.
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=16",
        "guest.memory-mib=512", "toolstack.mode=parallel", "xenstore.cache=on", "toolstack.workers=8",
        "toolstack.shell-pool=6", "toolstack.shell-refill=low-water", "toolstack.shell-low-water=3")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@150ms,worker=1,restart=300ms"))));
    assertEquals(1, oracle.summary().xlKilled());
    assertEquals(5, oracle.summary().createdFromShells());
    assertEquals(16, oracle.summary().destroyed());
    assertTrue(oracle.summary().shellsLeft() > 0);
  }

  @Test(timeout = 120_000)
  public void aCrossShardStormWithAbortsARestartAndAKilledXlIsIdenticalOnEveryExecutor() {
    ScenarioRun oracle = sameOnEveryExecutor(Scenarios.of("host=quad-node", "workload.guests=16",
        "guest.memory-mib=512", "toolstack.mode=parallel", "xenstore.shards=3", "xenstore.backends=in-dom0",
        "xenstore.conflict=store", "toolstack.workers=8").withFaults(List.of(
            FaultSpec.parse("xenstored-restart@400ms,shard=0,downtime=100ms"),
            FaultSpec.parse("toolstack-crash@250ms,worker=2,restart=300ms"))));
    assertTrue(oracle.summary().crossShardTransactions() > 0);
    assertTrue("prepares were refused and retried", oracle.summary().crossShardAborts() > 0);
    assertEquals(1, oracle.summary().xenstoredRestarts());
    assertEquals(1, oracle.summary().xlKilled());
  }

  @Test(timeout = 120_000)
  public void aStormWithEveryKindOfFaultIsIdenticalOnEveryExecutor() {
    Scenario storm = Scenarios.of("host=quad-node", "workload.guests=24", "guest.memory-mib=512",
        "toolstack.mode=parallel", "xenstore.shards=2", "toolstack.workers=8").withFaults(List.of(
            FaultSpec.parse("xenstored-restart@20ms,shard=1,downtime=300ms"),
            FaultSpec.parse("memory-pressure@0s,node=2,mib=30000,duration=2s"),
            FaultSpec.parse("pcpu-offline@100ms,pcpu=1,duration=700ms"),
            FaultSpec.parse("pcpu-offline@1200ms,pcpu=12,duration=400ms"),
            FaultSpec.parse("toolstack-crash@150ms,worker=3,restart=500ms")));
    // Guest 5 is crashed 100 ms into its 300 ms kernel boot (taken from the run with the other faults only).
    long unpaused = ScenarioRun.run(storm, new SequentialExecutor()).model().finalState().domain(5).unpausedAt();
    ScenarioRun oracle = sameOnEveryExecutor(storm.withFaults(List.of(
        FaultSpec.parse("guest-crash@" + (unpaused + 100_000_000L) / 1000 + "us,guest=5"))));
    assertEquals(1, oracle.summary().xenstoredRestarts());
    assertEquals(1, oracle.summary().crashedGuests());
    assertEquals(1100.0, oracle.summary().pcpuOfflineMs(), 1e-9);
    assertTrue("an outage interrupted running work", oracle.summary().interruptedWork() >= 1);
    assertEquals("an xl process was killed mid-operation", 1, oracle.summary().xlKilled());
    assertEquals("and what it left was cleaned up", 1, oracle.summary().leftoversCleaned());
  }
}
