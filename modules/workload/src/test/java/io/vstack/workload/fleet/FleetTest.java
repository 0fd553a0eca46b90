package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.sequential.SequentialExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  public void aSmallFleetRunsIdenticallyOnEveryExecutorAndEveryHostEndsConsistent() {
    FleetScenario scenario = fleet();
    FleetRun oracle = FleetRun.run(scenario, new SequentialExecutor());
    System.err.println(oracle.summary() + " " + oracle.result());
    assertEquals(List.of(), oracle.violations());
    assertTrue("VMs ran: " + oracle.summary(), oracle.summary().ran() > 100);
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    for (int i = 1; i < executors.size(); i++) {
      FleetRun run = FleetRun.run(scenario, executors.get(i));
      String who = ExecutorsUnderTest.describe(executors.get(i), i);
      assertTrue(who + ": " + run.result() + " vs " + oracle.result(), oracle.result().sameOutcomeAs(run.result()));
      assertEquals(who, oracle.model().controller().outcomes(), run.model().controller().outcomes());
      assertEquals(who, List.of(), run.violations());
    }
  }
}
