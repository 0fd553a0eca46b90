package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.FinalReport;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.ReportedState;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.DeviceBackend;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** LightVM's noxs: no Xenstore on the create and destroy paths, a shared page per device. */
public class NoxsTest extends JUnitSuite {

  @Test(timeout = 60_000)
  public void creationTimeGrowsFarLessWithNoxsThanThroughXenstoreAsRunningDomainsGrow() {
    XenModel noxs = SequentialCreates.run(201, "toolstack.noxs=on");
    XenModel stock = SequentialCreates.run(201, "toolstack.noxs=off");
    long[] flat = SequentialCreates.serviceTimes(noxs);
    long[] growing = SequentialCreates.serviceTimes(stock);
    System.out.printf("create with 0 / 200 guests running: noxs %.3f / %.3f ms, Xenstore (no cache) %.3f / %.3f ms%n",
        flat[0] / 1e6, flat[200] / 1e6, growing[0] / 1e6, growing[200] / 1e6);
    // noxs still pays running guests' share of dom0's vCPUs, but none of the Xenstore growth
    assertTrue("noxs: " + flat[0] + " then " + flat[200] + " ns",
        Math.abs(flat[200] - flat[0]) < (growing[200] - growing[0]) / 4);
    assertTrue("Xenstore: " + growing[0] + " then " + growing[200] + " ns", growing[200] - growing[0] > 40_000_000L);
    assertTrue("noxs skips the Xenstore round trips even with no guest running", flat[0] < growing[0]);
  }

  @Test(timeout = 60_000)
  public void noxsGuestsHaveNoXenstoreEntriesButTheirDevicesLiveInBackendAndDevicePage() {
    XenModel model = SequentialCreates.run(20, "toolstack.noxs=on");
    FinalState state = model.finalState();
    RunSummary summary = RunSummary.of(model);
    assertEquals(20, summary.created());
    assertEquals("not one Xenstore request", 0, summary.xenstoreOpsTotal());
    assertEquals(List.of("0"), state.shard(0).domains());
    assertEquals(List.of(), state.shard(0).vms());
    assertEquals(List.of(), state.shard(0).backends());
    assertEquals("a vif and a vbd per guest", 40, state.backend().noxsDevices().size());
    assertEquals(20, state.hypervisor().devicePages().size());
    assertTrue(state.hypervisor().devicePages().values().stream().allMatch(n -> n == 2));
    OperationResult first = RunSummary.operations(model).get(0);
    assertEquals("no Xenstore setup phase", -1, first.duration(Phase.xenstore_setup));
    assertTrue("devices still take their hotplug scripts", first.duration(Phase.devices) >= 200_000_000L);
  }

  @Test(timeout = 60_000)
  public void destroyRemovesEveryDeviceAndDomainWithoutXenstore() {
    ScenarioRun run = ScenarioRun.run(Scenarios.of("toolstack.noxs=on", "toolstack.mode=parallel",
        "workload.guests=8", "guest.memory-mib=512"), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    assertEquals(8, run.summary().created());
    assertEquals(8, run.summary().destroyed());
    assertEquals(0, run.summary().xenstoreOpsTotal());
    FinalState state = run.model().finalState();
    assertEquals(List.of(), state.backend().noxsDevices());
    assertTrue(state.hypervisor().devicePages().isEmpty());
    assertTrue(state.hypervisor().table().isEmpty());
    OperationResult destroy = RunSummary.operations(run.model()).stream()
        .filter(r -> r.operation().kind() == Operation.Kind.destroy).findFirst().orElseThrow();
    assertEquals("no Xenstore cleanup phase", -1, destroy.duration(Phase.xenstore_cleanup));
  }

  @Test(timeout = 60_000)
  public void theInvariantsSeeALeakedNoxsDevice() {
    ScenarioRun run = ScenarioRun.run(Scenarios.of("toolstack.noxs=on", "workload.guests=2",
        "workload.destroy=never"), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    FinalState state = run.model().finalState();
    FinalState leaky = new ReportedState(state.scenario(), state.layout(),
        reportsWithBackend(run.model(), new DeviceBackend.Report(List.of(
            "/local/domain/0/backend/vif/1/0", "/local/domain/0/backend/vif/7/0"))));
    List<String> violations = Invariants.violations(leaky);
    assertTrue(violations.toString(), violations.stream().anyMatch(v -> v.contains("noxs domain 1 has 1 backend")));
    assertTrue(violations.toString(), violations.stream().anyMatch(v -> v.contains("dead domains [7]")));
  }

  private static Map<Integer, FinalReport> reportsWithBackend(XenModel model, DeviceBackend.Report backend) {
    Map<Integer, FinalReport> reports = model.reports();
    reports.put(model.layout().backend().id(), backend);
    return reports;
  }

  /** An xl killed at each event of worker 0 of a noxs storm: no device, page entry or domain is left behind. */
  @Test(timeout = 120_000)
  public void anXlKilledAtAnyMomentLeavesNoNoxsDeviceBehind() {
    String[] storm = {"toolstack.noxs=on", "workload.guests=4", "toolstack.workers=2", "guest.memory-mib=512"};
    TreeSet<String> steps = new TreeSet<>();
    int cleaned = 0;
    List<XlKills.Kill> kills = XlKills.afterEveryEventOfWorker0(Scenarios.of(storm), 300_000_000L);
    for (XlKills.Kill kill : kills) {
      ScenarioRun run = kill.run();
      String where = kill.where();
      assertEquals(where, List.of(), run.violations());
      assertEquals(where, 0, run.summary().xenstoreOpsTotal());
      cleaned += run.summary().leftoversCleaned();
      RunSummary.operations(run.model()).stream().map(OperationResult::failure)
          .filter(f -> f.startsWith("xl was killed")).forEach(f -> steps.add(f.substring(f.indexOf("in step ") + 8)));
    }
    assertTrue("half-built or half-destroyed noxs domains were cleaned up: " + cleaned, cleaned >= 5);
    assertTrue("killed in every noxs step: " + steps, steps.containsAll(List.of("noxs_lookup_cpu", "noxs_device",
        "noxs_devctl", "noxs_teardown", "noxs_teardown_devctl")));
  }
}
