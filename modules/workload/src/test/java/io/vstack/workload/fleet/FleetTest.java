package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Switches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class FleetTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf");

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  static FleetScenario fleet(String... overrides) {
    List<String> all = new ArrayList<>(List.of("fleet.trace.max-vms=120", "fleet.hosts=6"));
    all.addAll(List.of(overrides));
    return FleetScenario.load(CONF, CONF.resolve("scenarios/fleet-small.conf"), all, null, Path.of("../.."));
  }

  @Test(timeout = 300_000)
  public void aSmallFleetWithAnEvacuationRunsIdenticallyOnEveryExecutorAndEveryHostEndsConsistent() {
    FleetScenario scenario = fleet("fleet.evacuate.at=100000s", "fleet.evacuate.hosts=1");
    FleetRun oracle = FleetRun.run(scenario, new SequentialExecutor());
    assertEquals(List.of(), oracle.violations());
    assertTrue("VMs ran: " + oracle.summary(), oracle.summary().ran() > 100);
    FleetExecutors.assertAllAgreeWith(oracle, scenario,
        ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system()));
  }

  /** The fleet of {@code scenario} replaying {@code vms} instead of its trace. */
  private static FleetRun replay(FleetScenario scenario, List<FleetVm> vms) {
    return FleetRun.run(FleetScenario.of(scenario.host(), scenario.fleet(), vms), new SequentialExecutor());
  }

  private static FleetVm vm(String name, double createS, double deleteS, long memoryMib) {
    return new FleetVm(name, (long) (createS * 1e9), deleteS < 0 ? -1 : (long) (deleteS * 1e9), memoryMib, 1, 0);
  }

  @Test(timeout = 120_000)
  public void claimsNeverOvercommitAHostAndWhatDoesNotFitFailsWithNoValidHost() {
    FleetRun run = FleetRun.run(fleet("fleet.hosts=2", "fleet.trace.max-vms=300"), new SequentialExecutor());
    assertTrue("the fleet must be short of room: " + run.summary(),
        run.summary().failures().getOrDefault("no valid host", 0) > 0);
    CloudController controller = run.model().controller();
    for (int h = 0; h < 2; h++) {
      assertTrue("host " + h + " filled up: " + controller.peakClaimedMib(h),
          controller.peakClaimedMib(h) > controller.capacityMib() * 3 / 4);
      assertTrue("host " + h + " over-committed", controller.peakClaimedMib(h) <= controller.capacityMib());
    }
    assertEquals(List.of(), run.violations());
  }

  @Test(timeout = 120_000)
  public void aPlacementAvoidsAHostWithDirtyMemoryOnlyWhenDirtyMemoryIsWeighed() {
    List<FleetVm> vms = List.of(vm("big", 0, 20, 32 * 1024), vm("next", 40, -1, 4096));
    FleetRun stock = replay(fleet("fleet.hosts=2", "scrub.placement=idle"), vms);
    FleetRun weighed = replay(fleet("fleet.hosts=2", "scrub.placement=idle",
        "fleet.scheduler.dirty-memory-weight=10"), vms);
    assertEquals("both hosts tie on free memory, the first wins", 0, stock.model().controller().outcomes().get(0)
        .host());
    assertEquals("free memory ties again once the big VM is gone", 0,
        stock.model().controller().outcomes().get(1).host());
    assertEquals("the host still scrubbing the big VM's memory is avoided", 1,
        weighed.model().controller().outcomes().get(1).host());
    assertEquals(List.of(), weighed.violations());
  }

  @Test(timeout = 120_000)
  public void aFailedBuildIsRetriedOnAnotherHostUntilMaxAttempts() {
    FleetScenario base = fleet("fleet.hosts=4", "fleet.scheduler.max-attempts=3");
    long nodeMib = base.host().host().memoryMib();
    List<FaultSpec> pressure = List.of(
        new FaultSpec(FaultSpec.Type.memory_pressure, 0, 0, 60_000_000_000L, nodeMib - 1024),
        new FaultSpec(FaultSpec.Type.memory_pressure, 0, 1, 60_000_000_000L, nodeMib - 1024));
    FleetScenario squeezed = FleetScenario.of(base.host().withFaults(pressure), base.fleet(), base.vms());
    FleetRun run = replay(squeezed, List.of(vm("during-pressure", 1, -1, 8192), vm("after", 100, -1, 8192)));
    CloudController.VmOutcome during = run.model().controller().outcomes().get(0);
    assertEquals(during.toString(), CloudController.Status.failed, during.status());
    assertEquals("tried on three hosts", 3, during.attempts());
    assertEquals(2, run.model().controller().retries());
    assertTrue(during.failure(), !during.failure().contains("no valid host"));
    CloudController.VmOutcome after = run.model().controller().outcomes().get(1);
    assertEquals(CloudController.Status.running, after.status());
    assertEquals("the one host that has not failed a build is preferred", 3, after.host());
    assertEquals(List.of(), run.violations());
  }

  @Test(timeout = 120_000)
  public void anEvacuationRebuildsEveryVmOfTheDrainedHostsElsewhereAndPlacesNothingThere() {
    long at = 100_000_000_000_000L;
    FleetRun run = FleetRun.run(fleet("fleet.trace.max-vms=400", "fleet.evacuate.at=100000s",
        "fleet.evacuate.hosts=2"), new SequentialExecutor());
    List<CloudController.VmOutcome> outcomes = run.model().controller().outcomes();
    List<CloudController.VmOutcome> moved = outcomes.stream().filter(o -> o.movedAt() >= 0).toList();
    assertTrue("the drained hosts ran VMs: " + run.summary(), moved.size() >= 5);
    for (CloudController.VmOutcome o : moved) {
      assertEquals(o.toString(), at, o.movedAt());
      if (o.status() == CloudController.Status.running || o.rerunAt() >= 0) {
        assertTrue(o.toString(), o.host() >= 2 && o.rerunAt() > at);
      }
    }
    assertTrue("most moved VMs ran again: " + run.summary(), run.summary().downtime().count() >= moved.size() / 2);
    for (CloudController.VmOutcome o : outcomes) {
      if (o.vm().createAt() > at && o.host() >= 0) {
        assertTrue("placed on a drained host after the evacuation: " + o, o.host() >= 2);
      }
    }
    assertEquals(List.of(), run.violations());
  }

  @Test(timeout = 300_000)
  public void aRebootRestartsEveryVmOfTheRebootedHostsInPlaceAndRunsIdenticallyOnEveryExecutor() {
    long at = 100_000_000_000_000L;
    FleetScenario scenario = fleet("fleet.trace.max-vms=400", "fleet.reboot.at=100000s", "fleet.reboot.hosts=2");
    FleetRun run = FleetRun.run(scenario, new SequentialExecutor());
    List<CloudController.VmOutcome> restarted = run.model().controller().outcomes().stream()
        .filter(o -> o.movedAt() >= 0).toList();
    assertTrue("the rebooted hosts ran VMs: " + run.summary(), restarted.size() >= 5);
    int inPlace = 0;
    for (CloudController.VmOutcome o : restarted) {
      assertEquals(o.toString(), at, o.movedAt());
      assertTrue("restarted on its host, or rescheduled after the restart failed: " + o,
          o.host() < 2 || o.attempts() > 1);
      if (o.rerunAt() >= 0) {
        assertTrue(o.toString(), o.rerunAt() > at);
        inPlace += o.host() < 2 ? 1 : 0;
      }
    }
    assertTrue("most restarted VMs ran again where they were: " + inPlace + " of " + restarted,
        inPlace >= restarted.size() / 2);
    assertEquals(run.summary().downtime().count(), restarted.stream().filter(o -> o.rerunAt() >= 0).count());
    assertEquals(List.of(), run.violations());
    FleetExecutors.assertAllAgreeWith(run, scenario,
        ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system()));
  }

  @Test
  public void aRebootAndAnEvacuationOfTheSameFleetAreRefusedByName() {
    InvalidConfig refused = Assert.assertThrows(InvalidConfig.class, () -> fleet("fleet.reboot.at=10s",
        "fleet.reboot.hosts=1", "fleet.evacuate.at=20s", "fleet.evacuate.hosts=1"));
    assertTrue(refused.getMessage(), refused.getMessage().contains("fleet.reboot.hosts")
        && refused.getMessage().contains("fleet.evacuate.hosts to 0"));
  }

  @Test(timeout = 120_000)
  public void aFleetRunResumedFromACheckpointOnAnotherExecutorEndsExactlyLikeTheUninterruptedOne() {
    FleetScenario scenario = fleet("fleet.evacuate.at=100000s", "fleet.evacuate.hosts=1");
    FleetRun whole = FleetRun.run(scenario, new SequentialExecutor());
    List<Checkpoint> taken = new ArrayList<>();
    FleetRun.run(scenario, new PartitionedExecutor(EIGHT_THREADS.system(), 3),
        new Checkpointing(2_000, 0, taken::add, null));
    assertTrue("need checkpoints, got " + taken.size(), taken.size() >= 3);
    for (Checkpoint from : List.of(taken.get(taken.size() / 2), taken.get(taken.size() - 1))) {
      FleetRun resumed = FleetRun.run(scenario, new ActorExecutor(ONE_THREAD.system(), 2),
          new Checkpointing(0, 0, c -> { }, from));
      assertTrue(resumed.result() + " vs " + whole.result(), whole.result().sameOutcomeAs(resumed.result()));
      assertEquals(whole.model().controller().outcomes(), resumed.model().controller().outcomes());
      assertEquals(whole.summary(), resumed.summary());
      assertEquals(List.of(), resumed.violations());
    }
  }

  /**
   * Host groups run their designs side by side under one scheduler: each host's model is its group's design, the
   * summary reports each group, and the run is the same on another executor.
   */
  @Test(timeout = 120_000)
  public void hostGroupsRunTheirOwnDesignsAndAreSummarisedEachOnItsOwn() {
    FleetScenario scenario = FleetScenario.load(CONF, CONF.resolve("scenarios/fleet-designs.conf"),
        // an image store that never limits, so that what differs between the groups is their hosts' design
        List.of("fleet.trace.max-vms=160", "fleet.images.store-bandwidth-mib-per-s=1000000"), null,
        Path.of("../.."));
    assertEquals(Switches.ToolstackMode.serialized, scenario.hostScenario(3).switches().mode());
    assertEquals(Switches.ToolstackMode.xl_4_14, scenario.hostScenario(4).switches().mode());
    assertEquals(Switches.ScrubPlacement.idle, scenario.hostScenario(7).switches().scrub());
    FleetRun oracle = FleetRun.run(scenario, new SequentialExecutor());
    FleetRun partitioned = FleetRun.run(scenario, new PartitionedExecutor(EIGHT_THREADS.system(), 3));
    assertEquals(oracle.model().controller().outcomes(), partitioned.model().controller().outcomes());
    assertEquals(List.of(), oracle.violations());
    List<FleetSummary.HostGroupSummary> groups = oracle.summary().hostGroups();
    assertEquals(List.of("xen-4.8", "xen-4.14"), groups.stream().map(FleetSummary.HostGroupSummary::name).toList());
    assertEquals(oracle.summary().ran(), groups.stream().mapToInt(FleetSummary.HostGroupSummary::ran).sum());
    assertTrue("xl without its global lock boots faster: " + groups,
        groups.get(1).boot().p50() < groups.get(0).boot().p50());
  }

  @Test
  public void hostGroupsMustNameKnownDesignsAndHoldEveryHost() {
    Path file = CONF.resolve("scenarios/fleet-designs.conf");
    InvalidConfig tooFew = Assert.assertThrows(InvalidConfig.class, () -> FleetScenario.load(CONF, file,
        List.of("fleet.hosts=5"), null, Path.of("../..")));
    assertTrue(tooFew.getMessage(), tooFew.getMessage().contains("fleet.host-groups hold 8 hosts in all, but the "
        + "fleet has hosts = 5"));
  }
}
