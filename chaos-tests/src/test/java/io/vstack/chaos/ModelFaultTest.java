package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.workload.ScenarioRun;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.List;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Model faults: deterministic events of the simulated host, with their consequences asserted. */
public class ModelFaultTest extends JUnitSuite {
  private static final String[] STORM = {"workload.guests=16", "toolstack.mode=parallel", "guest.memory-mib=256"};

  @Test(timeout = 60_000)
  public void aXenstoredRestartLosesOpenTransactionsWhichAreRetriedAndEveryGuestStillBoots() {
    ScenarioRun clean = ScenarioRun.run(Scenarios.of(STORM), new SequentialExecutor());
    // Restart xenstored in the middle of guest 0's domain transaction (from the clean run's lifecycle table).
    OperationResult first = RunSummary.operations(clean.model()).get(0);
    long mid = (first.phaseStart()[Phase.xenstore_setup.ordinal()] + first.phaseEnd()[Phase.xenstore_setup.ordinal()])
        / 2;
    ScenarioRun faulty = ScenarioRun.run(Scenarios.of(STORM).withFaults(List.of(
        FaultSpec.parse("xenstored-restart@" + mid / 1000 + "us,downtime=500ms"))), new SequentialExecutor());
    assertEquals(List.of(), faulty.violations());
    assertEquals(16, faulty.summary().created());
    assertEquals(16, faulty.summary().destroyed());
    assertEquals(1, faulty.summary().xenstoredRestarts());
    assertTrue("transactions lost", faulty.summary().xenstoreAbortedTransactions() >= 1);
    assertEquals(0, clean.summary().xenstoreAbortedTransactions());
    assertTrue("the downtime costs boot time", faulty.summary().bootMakespanMs() >= clean.summary().bootMakespanMs()
        + 400);
  }

  /**
   * An xl process killed at any moment of a create or destroy storm: the operation it ran fails, what it left (a
   * half-built or half-destroyed domain, its memory, its Xenstore entries, locks, open transactions, watches) is
   * cleaned up by the next xl run on that worker, and every invariant holds afterwards. The xl is killed just after
   * each event it handles in the clean run, so it dies once in every step of both state machines it goes through.
   */
  @Test(timeout = 120_000)
  public void anXlKilledAtAnyMomentLosesItsOperationAndTheNextXlRunCleansUpEverythingItLeft() {
    String[] storm = {"workload.guests=6", "toolstack.workers=2", "guest.memory-mib=2048", "guest.vifs=1",
        "guest.vbds=1"};
    int killedCreates = 0;
    int killedDestroys = 0;
    int cleaned = 0;
    java.util.TreeSet<String> steps = new java.util.TreeSet<>();
    for (String placement : List.of("remote", "local")) {
      java.util.TreeSet<Long> handled = new java.util.TreeSet<>();
      int worker0 = io.vstack.model.Layout.of(Scenarios.of(storm)).worker(0).id();
      ScenarioRun.run(Scenarios.of(storm), new SequentialExecutor(), (time, sent, sender, receiver, message) -> {
        if (receiver == worker0) {
          handled.add(time + 1);
        }
      });
      assertTrue("worker 0 handles many events: " + handled.size(), handled.size() >= 100);
      for (long at : handled) {
        ScenarioRun run = ScenarioRun.run(Scenarios.of(storm).withFaults(List.of(new FaultSpec(
            FaultSpec.Type.toolstack_crash, at, 0, 300_000_000L, 0))), new SequentialExecutor());
        String where = "xl of worker 0 killed at " + at + " ns, " + placement + " scrubbing";
        assertEquals(where + " " + RunSummary.operations(run.model()).stream().map(OperationResult::failure)
            .filter(f -> !f.isEmpty()).toList(), List.of(), run.violations());
        RunSummary s = run.summary();
        assertEquals(where, 6, s.created() + s.createFailed());
        assertTrue(where, s.xlKilled() <= 1 && s.leftoversCleaned() <= s.xlKilled());
        List<OperationResult> lost = RunSummary.operations(run.model()).stream()
            .filter(r -> r.failure().startsWith("xl was killed")).toList();
        assertEquals(where, s.xlKilled(), lost.size());
        for (OperationResult r : lost) {
          steps.add(r.failure().substring(r.failure().indexOf("in step ") + "in step ".length()));
          if (r.operation().kind() == Operation.Kind.create) {
            killedCreates++;
          } else {
            killedDestroys++;
          }
        }
        cleaned += s.leftoversCleaned();
      }
      storm = new String[] {storm[0], storm[1], storm[2], storm[3], storm[4], "scrub.placement=local"};
    }
    assertTrue("creates were killed: " + killedCreates, killedCreates >= 20);
    assertTrue("destroys were killed: " + killedDestroys, killedDestroys >= 20);
    assertTrue("half-built or half-destroyed domains were cleaned up: " + cleaned, cleaned >= 20);
    assertTrue("killed in most steps of both state machines: " + steps, steps.size() >= 25);
  }

  @Test(timeout = 60_000)
  public void anXlKilledMidCreateFailsThatCreateAndTheGuestCanBeCreatedAgainLater() {
    String[] storm = {"workload.guests=4", "toolstack.workers=1", "guest.memory-mib=1024"};
    ScenarioRun clean = ScenarioRun.run(Scenarios.of(storm), new SequentialExecutor());
    OperationResult first = RunSummary.operations(clean.model()).get(0);
    long populating = (first.phaseStart()[Phase.populate.ordinal()] + first.phaseEnd()[Phase.populate.ordinal()])
        / 2;
    ScenarioRun run = ScenarioRun.run(Scenarios.of(storm).withFaults(List.of(FaultSpec.parse(
        "toolstack-crash@" + populating / 1000 + "us,worker=0,restart=2s"))), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    assertEquals(1, run.summary().xlKilled());
    assertEquals("the half-built domain was cleaned up", 1, run.summary().leftoversCleaned());
    assertEquals(3, run.summary().created());
    assertEquals(1, run.summary().createFailed());
    assertTrue("the cleanup waits for the next xl run: the queue behind it is delayed by the restart",
        run.summary().bootMakespanMs() >= clean.summary().bootMakespanMs() + 1500);
  }

  @Test(timeout = 60_000)
  public void aFaultIsPartOfTheDeterministicRun() {
    ScenarioRun a = ScenarioRun.run(Scenarios.of(STORM).withFaults(List.of(FaultSpec.parse(
        "xenstored-restart@10ms"))), new SequentialExecutor());
    ScenarioRun b = ScenarioRun.run(Scenarios.of(STORM).withFaults(List.of(FaultSpec.parse(
        "xenstored-restart@10ms"))), new SequentialExecutor());
    assertEquals(a.result(), b.result());
  }

  @Test
  public void badFaultsAreRejectedNamingWhatIsAllowed() {
    InvalidConfig type = Assert.assertThrows(InvalidConfig.class, () -> FaultSpec.parse("meteor@1s"));
    assertTrue(type.getMessage(), type.getMessage().contains("'meteor' is not one of xenstored-restart"));
    InvalidConfig shard = Assert.assertThrows(InvalidConfig.class, () -> Scenarios.of(STORM).withFaults(List.of(
        FaultSpec.parse("xenstored-restart@1s,shard=3"))));
    assertTrue(shard.getMessage(), shard.getMessage().contains("there are only 1 shards"));
    InvalidConfig cpu = Assert.assertThrows(InvalidConfig.class, () -> Scenarios.of(STORM).withFaults(List.of(
        FaultSpec.parse("pcpu-offline@1s,pcpu=99,duration=1s"))));
    assertTrue(cpu.getMessage(), cpu.getMessage().contains("has 24 pCPUs (0..23)"));
    InvalidConfig form = Assert.assertThrows(InvalidConfig.class, () -> FaultSpec.parse("xenstored-restart"));
    assertTrue(form.getMessage(), form.getMessage().contains("expected TYPE@TIME"));
  }

  @Test(timeout = 60_000)
  public void aGuestThatCrashesWhileBootingIsDestroyedAndNeverCountsAsRunning() {
    // Guest 3 is booting 100 ms after its unpause (its kernel takes 300 ms); crash it then.
    ScenarioRun clean = ScenarioRun.run(Scenarios.of(STORM), new SequentialExecutor());
    long unpaused = clean.model().finalState().domain(3).unpausedAt();
    ScenarioRun faulty = ScenarioRun.run(Scenarios.of(STORM).withFaults(List.of(FaultSpec.parse(
        "guest-crash@" + (unpaused + 100_000_000L) / 1000 + "us,guest=3"))), new SequentialExecutor());
    assertEquals(List.of(), faulty.violations());
    assertEquals(1, faulty.summary().crashedGuests());
    assertEquals(15, faulty.summary().boot().count());
    assertEquals(16, faulty.summary().destroyed());
    assertEquals(io.vstack.model.domain.Domain.State.gone, faulty.model().finalState().domain(3).state());
    assertEquals(-1, faulty.model().finalState().domain(3).runningAt());
  }

  @Test(timeout = 60_000)
  public void aCrashAimedAtAGuestThatIsNotBootingHasNoEffect() {
    ScenarioRun clean = ScenarioRun.run(Scenarios.of(STORM), new SequentialExecutor());
    ScenarioRun faulty = ScenarioRun.run(Scenarios.of(STORM).withFaults(List.of(FaultSpec.parse(
        "guest-crash@1ms,guest=3"))), new SequentialExecutor());
    assertEquals(0, faulty.summary().crashedGuests());
    assertEquals(clean.summary(), faulty.summary());
  }

  @Test(timeout = 60_000)
  public void memoryPressureOnTheHomeNodeSendsAllocationsToTheOtherNodeUntilItEnds() {
    // paper-2socket: 64 GiB per node. 60 GiB of node 0 is taken for 100 s; guest 0 (home node 0, 8 GiB) gets the
    // 4 GiB left there and 4 GiB from node 1; guest 1 (home node 1) is not affected.
    ScenarioRun run = ScenarioRun.run(Scenarios.of("workload.guests=2", "guest.memory-mib=8192",
        "workload.destroy=never").withFaults(List.of(FaultSpec.parse(
            "memory-pressure@0s,node=0,mib=61440,duration=100s"))), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    long gib = 1024L * 1024 / 4;
    assertEquals(4 * gib, run.model().finalState().node(0).allocated());
    assertEquals(12 * gib, run.model().finalState().node(1).allocated());
    assertEquals(0, run.model().finalState().node(0).reserved());
  }

  @Test(timeout = 60_000)
  public void memoryPressureThatLeavesTooLittleMemoryFailsTheCreationCleanly() {
    ScenarioRun run = ScenarioRun.run(Scenarios.of("workload.guests=2", "guest.memory-mib=49152").withFaults(
        List.of(FaultSpec.parse("memory-pressure@0s,node=0,mib=40960,duration=100s"),
            FaultSpec.parse("memory-pressure@0s,node=1,mib=40960,duration=100s"))), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    assertEquals(1, run.summary().createFailed());
  }

  @Test(timeout = 60_000)
  public void aPcpuGoingOfflineMidScrubSuspendsTheBatchWhichResumesWhenItIsBack() {
    // One guest; its destroy scrubs 8 GiB in 128 equal batches on the destroying worker's dom0 pCPU (worker w runs
    // on pCPU w mod dom0 vCPUs). Take that pCPU away for 1 s a third of the way in, inside a batch (the midpoint
    // would fall between two batches).
    String[] one = {"workload.guests=1", "guest.memory-mib=8192"};
    ScenarioRun clean = ScenarioRun.run(Scenarios.of(one), new SequentialExecutor());
    OperationResult destroy = RunSummary.operations(clean.model()).get(1);
    assertEquals(Operation.Kind.destroy, destroy.operation().kind());
    long start = destroy.phaseStart()[Phase.scrub.ordinal()];
    long at = start + (destroy.phaseEnd()[Phase.scrub.ordinal()] - start) / 3;
    int pcpu = destroy.worker() % clean.model().scenario().host().dom0Vcpus();
    ScenarioRun faulty = ScenarioRun.run(Scenarios.of(one).withFaults(List.of(FaultSpec.parse("pcpu-offline@"
        + at / 1000 + "us,pcpu=" + pcpu + ",duration=1s"))), new SequentialExecutor());
    assertEquals(List.of(), faulty.violations());
    assertEquals(1, faulty.summary().destroyed());
    assertEquals(1, faulty.summary().interruptedWork());
    assertEquals(1000.0, faulty.summary().pcpuOfflineMs(), 1e-9);
    assertEquals("the scrub work itself is unchanged", clean.summary().scrubCpuMs(), faulty.summary().scrubCpuMs(),
        1e-9);
    assertEquals("the outage adds exactly its length", clean.summary().destroy().max() + 1000.0,
        faulty.summary().destroy().max(), 1e-6);
  }

  @Test(timeout = 60_000)
  public void workGivenToAnOfflinePcpuWaitsForItAndEveryGuestStillBoots() {
    ScenarioRun clean = ScenarioRun.run(Scenarios.of(STORM), new SequentialExecutor());
    ScenarioRun faulty = ScenarioRun.run(Scenarios.of(STORM).withFaults(List.of(FaultSpec.parse(
        "pcpu-offline@0s,pcpu=0,duration=2s"))), new SequentialExecutor());
    assertEquals(List.of(), faulty.violations());
    assertEquals(16, faulty.summary().boot().count());
    assertEquals(16, faulty.summary().destroyed());
    assertEquals(0, faulty.summary().interruptedWork());
    assertTrue("toolstack work on pCPU 0 waited", faulty.summary().bootMakespanMs() >= clean.summary()
        .bootMakespanMs() + 1000);
  }
}
