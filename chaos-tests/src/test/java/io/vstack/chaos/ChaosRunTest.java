package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.workload.chaos.ChaosRun;
import io.vstack.workload.experiment.ControlPlane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ChaosRunTest extends JUnitSuite {
  private static final Scenario STORM = Scenarios.of("workload.guests=12", "toolstack.mode=parallel",
      "guest.memory-mib=256", "xenstore.shards=2", "toolstack.workers=6");

  @Test(timeout = 120_000)
  public void invariantsHoldWhateverTheChaosSeedInjects() {
    for (long seed : new long[] {1, 2, 3, 4, 5}) {
      ChaosRun chaos = ChaosRun.run(STORM, seed, 6, new SequentialExecutor());
      assertEquals(6, chaos.faults().size());
      assertEquals("seed " + seed + " with " + chaos.faults(), List.of(), chaos.faulty().violations());
      // Every guest that was created has its destroy run, crashed ones by xl's on_crash policy; a destroy whose xl
      // is killed counts as failed (the next xl run finishes it, which the invariants check).
      assertEquals(chaos.faulty().summary().created(), chaos.faulty().summary().destroyed()
          + chaos.faulty().summary().destroyFailed());
    }
  }

  /** Every design of conf/control-planes.conf under mixed faults: whatever the design, no invariant breaks. */
  @Test(timeout = 300_000)
  public void everyControlPlaneDesignKeepsEveryInvariantUnderChaos() {
    for (ControlPlane design : ControlPlane.load(Path.of("../conf").resolve(ControlPlane.FILE))) {
      List<String> settings = new ArrayList<>(List.of("workload.guests=12", "guest.memory-mib=256",
          "xenstore.shards=2", "toolstack.workers=6"));
      settings.addAll(design.settings());
      Scenario scenario = Scenarios.of(settings.toArray(String[]::new));
      for (long seed : new long[] {1, 2}) {
        ChaosRun chaos = ChaosRun.run(scenario, seed, 6, new SequentialExecutor());
        assertEquals(design.name() + ", seed " + seed + " with " + chaos.faults(), List.of(),
            chaos.faulty().violations());
        assertEquals(design.name() + ": a run without faults", List.of(), chaos.clean().violations());
      }
    }
  }

  @Test(timeout = 60_000)
  public void theSameChaosSeedInjectsTheSameFaultsAndGivesTheSameResult() {
    ChaosRun a = ChaosRun.run(STORM, 9, 5, new SequentialExecutor());
    ChaosRun b = ChaosRun.run(STORM, 9, 5, new SequentialExecutor());
    assertEquals(a.faults(), b.faults());
    assertEquals(a.faulty().result(), b.faulty().result());
    assertNotEquals(a.faults(), ChaosRun.run(STORM, 10, 5, new SequentialExecutor()).faults());
  }
}
