package io.vstack.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.workload.fleet.FleetFactory;
import io.vstack.workload.fleet.FleetRun;
import io.vstack.workload.fleet.FleetScenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The small fleet the clustered tests run (6 hosts, ~120 VMs, one host evacuated), and how they check it. */
final class SmallFleet {
  private static final Path CONF = Path.of("../../conf").toAbsolutePath().normalize();
  static final FleetScenario SCENARIO = FleetScenario.load(CONF, CONF.resolve("scenarios/fleet-small.conf"),
      List.of("fleet.trace.max-vms=120", "fleet.hosts=6", "fleet.evacuate.at=100000s", "fleet.evacuate.hosts=1"),
      null, CONF.getParent());

  private SmallFleet() {
  }

  /** The fleet's run on {@code executor}, read from the processes the members sent back. */
  static FleetRun onCluster(ClusterExecutor executor) throws IOException {
    ClusterExecutor.Outcome outcome = executor.runFull(RunSpec.untilQuiet(SCENARIO.host().seed()), null, null);
    return FleetRun.of(FleetFactory.restore(SCENARIO, outcome.reports()), outcome.result());
  }

  /** Checks that {@code clustered} is the sequential executor's run: sequence hash, every VM's outcome, summary. */
  static void assertSequentialOutcome(FleetRun clustered) {
    FleetRun expected = FleetRun.run(SCENARIO, new SequentialExecutor());
    assertTrue("VMs ran and one was moved: " + expected.summary(), expected.summary().ran() > 100
        && expected.summary().moved() > 0);
    assertTrue(clustered.result() + " vs " + expected.result(), expected.result().sameOutcomeAs(clustered.result()));
    assertEquals(expected.model().controller().outcomes(), clustered.model().controller().outcomes());
    assertEquals(expected.summary(), clustered.summary());
    assertEquals(List.of(), clustered.violations());
  }
}
