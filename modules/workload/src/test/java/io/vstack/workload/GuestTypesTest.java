package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.host.FinalState;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Guest types (PV, PV through pygrub, HVM with a qemu device model) and what running guests cost dom0. */
public class GuestTypesTest extends JUnitSuite {
  private static final long MS = 1_000_000;

  private static ScenarioRun run(String... overrides) {
    ScenarioRun run = ScenarioRun.run(Scenarios.of(overrides), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    return run;
  }

  private static OperationResult only(ScenarioRun run, Operation.Kind kind) {
    return RunSummary.operations(run.model()).stream().filter(r -> r.operation().kind() == kind).findFirst()
        .orElseThrow();
  }

  private static OperationResult oneCreate(String... overrides) {
    List<String> all = new ArrayList<>(List.of("workload.guests=1", "toolstack.workers=1", "workload.destroy=never"));
    all.addAll(List.of(overrides));
    return only(run(all.toArray(String[]::new)), Operation.Kind.create);
  }

  private static long latency(OperationResult r) {
    return r.finishedAt() - r.startedAt();
  }

  @Test(timeout = 60_000)
  public void anHvmCreateOnAnIdleHostTakesLongerThanPvByItsDeviceModelPhase() {
    OperationResult pv = oneCreate("guest.type=pv");
    OperationResult hvm = oneCreate("guest.type=hvm");
    assertEquals("not run", -1, pv.duration(Phase.device_model));
    long dm = hvm.duration(Phase.device_model);
    // qemu's start-up on a dom0 vCPU, then its state written to Xenstore (a round trip)
    assertTrue("device model " + dm / 1e6 + " ms", dm >= 50 * MS && dm < 51 * MS);
    assertEquals(latency(pv) + dm, latency(hvm), 0.01 * MS);
  }

  @Test(timeout = 60_000)
  public void pygrubAddsItsBootloaderPhaseBeforeTheBuild() {
    OperationResult direct = oneCreate("guest.bootloader=none");
    OperationResult pygrub = oneCreate("guest.bootloader=pygrub");
    assertEquals("not run", -1, direct.duration(Phase.bootloader));
    // pygrub on the worker's dom0 vCPU, possibly behind a charge of xenstored's time there
    assertEquals(300 * MS, pygrub.duration(Phase.bootloader), 1 * MS);
    assertEquals(latency(direct) + pygrub.duration(Phase.bootloader), latency(pygrub), 1 * MS);
  }

  @Test(timeout = 60_000)
  public void destroyingAnHvmGuestStopsItsDeviceModelAndLeavesNoneOfItsNodes() {
    ScenarioRun run = run("guest.type=hvm", "workload.guests=2", "toolstack.workers=2");
    OperationResult destroy = only(run, Operation.Kind.destroy);
    assertTrue(destroy.duration(Phase.device_model_stop) >= 5 * MS);
    assertEquals(List.of(), run.model().component(run.model().layout().shard(0),
        io.vstack.model.xenstore.XenstoreShard.class).tree().children("/local/domain/0/device-model"));
  }

  @Test(timeout = 60_000)
  public void creationSlowsAsHvmGuestsAccumulateAndMoreThanAsPvGuestsDo() {
    long[] hvm = SequentialCreates.serviceTimes(SequentialCreates.run(21, "guest.type=hvm"));
    long[] pv = SequentialCreates.serviceTimes(SequentialCreates.run(21, "guest.type=pv"));
    long hvmTen = hvm[10] - hvm[0];
    long hvmTwenty = hvm[20] - hvm[0];
    long pvTwenty = pv[20] - pv[0];
    String figures = "HVM +" + hvmTen / 1e6 + " ms at 10 running, +" + hvmTwenty / 1e6 + " ms at 20; PV +"
        + pvTwenty / 1e6 + " ms at 20";
    assertTrue(figures, hvmTen > 5 * MS);
    assertTrue(figures, hvmTwenty > hvmTen + 5 * MS);
    assertTrue(figures, hvmTwenty > 2 * pvTwenty);
  }

  @Test(timeout = 60_000)
  public void xenstoredsCpuAndRunningGuestsLoadShowUpOnDom0sPcpusOnly() {
    ScenarioRun run = run("guest.type=hvm", "workload.guests=8", "workload.destroy=never");
    FinalState state = run.model().finalState();
    int dom0 = state.scenario().host().dom0Vcpus();
    long xenstored = 0;
    long background = 0;
    for (int p = 0; p < state.layout().pcpus(); p++) {
      long x = state.pcpu(p).busy(WorkKind.xenstored);
      long b = state.pcpu(p).busy(WorkKind.dom0_background);
      if (p >= dom0) {
        assertEquals(0, x + b);
      }
      xenstored += x;
      background += b;
    }
    long served = state.shard(0).busyNanos();
    // charged once per period while busy: everything served up to the last charge
    assertTrue("xenstored charged " + xenstored + " of " + served, xenstored > 0.5 * served && xenstored <= served);
    assertTrue("dom0 background " + background, background > 0);
  }
}
