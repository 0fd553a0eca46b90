package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.workload.autoscale.LoadCurve;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class FleetAutoscaleTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf");
  private static final long S = 1_000_000_000L;

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  private static FleetScenario shipped(String... overrides) {
    return FleetScenario.load(CONF, CONF.resolve("scenarios/fleet-autoscale.conf"), List.of(overrides), null,
        Path.of("../.."));
  }

  /** {@code scenario} with {@code groups} as its only scaling groups. */
  private static FleetScenario withGroups(FleetScenario scenario, FleetSpec.GroupSpec... groups) {
    FleetSpec f = scenario.fleet();
    return FleetScenario.of(scenario.host(), new FleetSpec(f.hosts(), f.slots(), f.latency(), f.reportInterval(),
        f.scheduler(), f.images(), f.trace(), f.evacuate(), f.reboot(), List.of(groups), f.hostGroups()), scenario.vms());
  }

  /** A group at 100% target whose load steps from {@code base} to three times that for 120 s. */
  private static FleetSpec.GroupSpec stepped(String name, long memoryMib, double base, int maxSize) {
    return new FleetSpec.GroupSpec(name, memoryMib, 1, 0, 100, 1.0, 10 * S, 0, maxSize,
        LoadCurve.of(base, 0, 400 * S, 1, 3, 120 * S, 400 * S, 5));
  }

  private static List<CloudController.VmOutcome> of(FleetRun run, String group) {
    return run.model().controller().outcomes().stream().filter(o -> o.group().equals(group)).toList();
  }

  private static void assertNeverOverCommitted(FleetRun run) {
    CloudController controller = run.model().controller();
    for (int h = 0; h < run.model().scenario().fleet().hosts(); h++) {
      assertTrue("host " + h + " over-committed: " + controller.peakClaimedMib(h),
          controller.peakClaimedMib(h) <= controller.capacityMib());
    }
  }

  @Test(timeout = 300_000)
  public void scalingGroupsBesideATraceAndAnEvacuationRunIdenticallyOnEveryExecutor() {
    FleetScenario scenario = shipped("fleet.hosts=6", "fleet.trace.source=file", "fleet.trace.max-vms=120",
        "fleet.evacuate.at=300s", "fleet.evacuate.hosts=1");
    FleetRun oracle = FleetRun.run(scenario, new SequentialExecutor());
    assertEquals(List.of(), oracle.violations());
    assertTrue("both groups scaled: " + oracle.summary(),
        oracle.summary().groups().stream().allMatch(g -> g.scaleOuts() > 3 && g.deleted() > 0));
    assertTrue("the evacuation moved group VMs: " + oracle.summary(),
        oracle.model().controller().outcomes().stream().anyMatch(o -> !o.group().isEmpty() && o.movedAt() >= 0));
    FleetExecutors.assertAllAgreeWith(oracle, scenario,
        ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system()));
  }

  @Test(timeout = 120_000)
  public void theScalerAsksForVmsOnAStepUpAndDeletesTheNewestSurplusOnesOnTheStepDown() {
    FleetSpec.GroupSpec group = stepped("step", 2048, 1000, 100);
    long up = group.load().burstStarts()[0];
    FleetRun run = FleetRun.run(withGroups(shipped(), group), new SequentialExecutor());
    List<CloudController.VmOutcome> vms = of(run, "step");
    assertEquals("10 VMs before the step, 20 more on it: " + vms, 30, vms.size());
    assertEquals(10, vms.stream().filter(o -> o.vm().createAt() == 0).count());
    long firstTickAfterUp = (up + 10 * S - 1) / (10 * S) * (10 * S);
    assertEquals(20, vms.stream().filter(o -> o.vm().createAt() == firstTickAfterUp).count());
    List<CloudController.VmOutcome> deleted = vms.stream()
        .filter(o -> o.status() == CloudController.Status.deleted).toList();
    assertEquals("the step's VMs, the newest, are deleted once it is over", vms.subList(10, 30), deleted);
    assertTrue(vms.subList(0, 10).stream().allMatch(o -> o.status() == CloudController.Status.running));
    FleetSummary.Group g = run.summary().groups().get(0);
    assertEquals(2, g.scaleOuts());
    assertEquals("both scale-outs reached capacity", 2, g.timeToCapacity().count());
    assertTrue("capacity lags the step while its VMs boot: " + g, g.violationSeconds() >= 1
        && g.violationSeconds() < 30);
    assertTrue("the step's VMs outlive it until the next tick: " + g, g.overProvisionedVmSeconds() > 0);
    assertNeverOverCommitted(run);
    assertEquals(List.of(), run.violations());
  }

  @Test(timeout = 120_000)
  public void aGroupWhoseVmsDoNotFitRecordsSloViolationInsteadOfFailingTheRun() {
    FleetScenario scenario = withGroups(shipped("fleet.hosts=2"), stepped("huge", 40 * 1024, 1000, 100));
    FleetRun run = FleetRun.run(scenario, new SequentialExecutor());
    FleetSummary.Group g = run.summary().groups().get(0);
    assertTrue("3 fit on a host of 128 GiB, 6 in all: " + g, g.failed() > 0);
    assertEquals(6, of(run, "huge").stream().filter(o -> o.status() == CloudController.Status.running).count());
    assertTrue("short of capacity for the whole load: " + g, g.violationSeconds() >= 390);
    assertTrue(g.toString(), g.droppedRequests() > 0);
    assertNeverOverCommitted(run);
    assertEquals(List.of(), run.violations());
  }

  @Test(timeout = 120_000)
  public void capacityIsNeverOverCommittedWhenGroupsAndTheTraceCompeteForIt() {
    FleetScenario base = shipped("fleet.hosts=2", "fleet.trace.source=file", "fleet.trace.max-vms=300");
    List<FleetSpec.GroupSpec> groups = new ArrayList<>(base.fleet().groups());
    groups.add(stepped("step", 8192, 2000, 100));
    FleetRun run = FleetRun.run(withGroups(base, groups.toArray(FleetSpec.GroupSpec[]::new)),
        new SequentialExecutor());
    assertTrue("the fleet must be short of room: " + run.summary(),
        run.summary().failures().getOrDefault("no valid host", 0) > 0);
    assertTrue("groups were short of room too: " + run.summary(),
        run.summary().groups().stream().anyMatch(g -> g.failed() > 0));
    assertNeverOverCommitted(run);
    assertEquals(List.of(), run.violations());
  }

  @Test(timeout = 120_000)
  public void theDenseScenarioBootsEveryHostsVmsAtOnceThenRebuildsTheDrainedHostsVmsOnTheOthers() {
    FleetScenario scenario = FleetScenario.load(CONF, CONF.resolve("scenarios/fleet-evacuation.conf"),
        List.of("fleet.hosts=8", "fleet.autoscale.tenants.load.base=80", "fleet.autoscale.tenants.max-size=80",
            "fleet.evacuate.hosts=2", "fleet.images.stores=1"), null, Path.of("../.."));
    FleetRun run = FleetRun.run(scenario, new SequentialExecutor());
    List<CloudController.VmOutcome> vms = of(run, "tenants");
    assertEquals("one scale-out, asked for at t=0", 80, vms.stream().filter(o -> o.vm().createAt() == 0).count());
    assertEquals(80, vms.size());
    List<CloudController.VmOutcome> moved = vms.stream().filter(o -> o.movedAt() >= 0).toList();
    assertEquals("the drained hosts' 10 VMs each: " + run.summary(), 20, moved.size());
    assertTrue(moved.stream().allMatch(o -> o.rerunAt() > o.movedAt() && o.host() >= 2));
    FleetSummary.Group g = run.summary().groups().get(0);
    assertEquals("every VM ran before the evacuation: " + g, 1, g.timeToCapacity().count());
    assertTrue("short while the moved VMs were rebuilt: " + g, g.violationSeconds() > 0);
    assertEquals(0, g.failed());
    assertNeverOverCommitted(run);
    assertEquals(List.of(), run.violations());
  }
}
