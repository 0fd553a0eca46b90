package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import java.util.List;

/** Runs a fleet on executor setups and checks each against the sequential oracle's run. */
final class FleetExecutors {
  private FleetExecutors() {
  }

  /**
   * Runs {@code scenario} on every executor of {@code executors} but the first (the oracle's, which gave
   * {@code oracle}): the same engine outcome, VMs and summary, and no host breaks an invariant.
   */
  static void assertAllAgreeWith(FleetRun oracle, FleetScenario scenario, List<Executor> executors) {
    for (int i = 1; i < executors.size(); i++) {
      FleetRun run = FleetRun.run(scenario, executors.get(i));
      String who = ExecutorsUnderTest.describe(executors.get(i), i);
      assertTrue(who + ": " + run.result() + " vs " + oracle.result(), oracle.result().sameOutcomeAs(run.result()));
      assertEquals(who, oracle.model().controller().outcomes(), run.model().controller().outcomes());
      assertEquals(who, oracle.summary(), run.summary());
      assertEquals(who, List.of(), run.violations());
    }
  }
}
