package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.results.Invariants;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Cache invalidation, modelled creation failures and the cleanup they need. */
public class InvalidationAndFailureTest extends JUnitSuite {

  /** The default scenario's guest: 1 GiB, one vCPU, one vif, one vbd. */
  private static final GuestType DEFAULT_GUEST = new GuestType(1024, 1, 1, 1);

  private static List<OperationResult> script(Scenario s, Operation... ops) {
    ScriptedDriver[] driver = new ScriptedDriver[1];
    XenModel model = new XenModel(s, (layout, sc) -> driver[0] = new ScriptedDriver(layout,
        sc.cost().messageLatency(), List.of(ops)));
    new SequentialExecutor().run(model, RunSpec.untilQuiet(1));
    assertEquals(List.of(), Invariants.violations(model));
    return driver[0].results();
  }

  private static Operation create(int guest, String name) {
    return new Operation(Operation.Kind.create, guest, name, DEFAULT_GUEST, 0);
  }

  private static Operation destroy(int guest, String name) {
    return new Operation(Operation.Kind.destroy, guest, name, DEFAULT_GUEST, 0);
  }

  @Test(timeout = 60_000)
  public void aDestroyedNameCanBeCreatedAgainWithTheCacheOn() {
    for (String cache : new String[] {"on", "off"}) {
      List<OperationResult> r = script(Scenarios.of("workload.guests=2", "xenstore.cache=" + cache),
          create(0, "vm-a"), destroy(0, "vm-a"), create(1, "vm-a"));
      assertTrue(cache + ": " + r, r.stream().allMatch(OperationResult::ok));
    }
  }

  @Test(timeout = 60_000)
  public void aLiveNameCannotBeCreatedTwiceWithOrWithoutTheCache() {
    for (String cache : new String[] {"on", "off"}) {
      List<OperationResult> r = script(Scenarios.of("workload.guests=2", "xenstore.cache=" + cache),
          create(0, "vm-a"), create(1, "vm-a"));
      assertTrue(r.get(0).ok());
      assertEquals("a domain named vm-a already exists", r.get(1).failure());
    }
  }

  @Test(timeout = 60_000)
  public void destroyingAnUnknownNameFailsCleanly() {
    List<OperationResult> r = script(Scenarios.of("workload.guests=1", "xenstore.cache=on"), destroy(0, "ghost"));
    assertEquals("no domain named ghost", r.get(0).failure());
  }

  @Test(timeout = 60_000)
  public void runningOutOfMemoryFailsTheCreationAndReturnsItsPages() {
    // paper-2socket has 2 x 64 GiB: three 48 GiB guests do not fit; the third takes what is left, then gives it back.
    ScenarioRun run = ScenarioRun.run(Scenarios.of("workload.guests=3", "guest.memory-mib=49152",
        "workload.destroy=never"), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    assertEquals(2, run.summary().created());
    assertEquals(1, run.summary().createFailed());
    long allocated = 0;
    for (int n = 0; n < run.model().layout().nodes(); n++) {
      allocated += run.model().component(run.model().layout().node(n), NumaNode.class).allocated();
    }
    assertEquals(2L * 49152 * 1024 / 4, allocated);
    assertTrue(io.vstack.model.results.RunSummary.operations(run.model()).stream()
        .anyMatch(o -> o.failure().startsWith("out of memory")));
  }

  @Test(timeout = 60_000)
  public void runningOutOfDomidsFailsTheCreationCleanly() {
    ScenarioRun run = ScenarioRun.run(Scenarios.of("workload.guests=6", "cost.hypervisor.max-domains=4",
        "guest.memory-mib=256"), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    assertEquals(4, run.summary().created());
    assertEquals(2, run.summary().createFailed());
    assertEquals(4, run.summary().destroyed());
  }

  @Test(timeout = 60_000)
  public void storeWideConflictsMakeConcurrentTransactionsRetry() {
    ScenarioRun node = ScenarioRun.run(Scenarios.of("workload.guests=16", "toolstack.mode=parallel",
        "xenstore.conflict=node"), new SequentialExecutor());
    ScenarioRun store = ScenarioRun.run(Scenarios.of("workload.guests=16", "toolstack.mode=parallel",
        "xenstore.conflict=store"), new SequentialExecutor());
    assertEquals(List.of(), store.violations());
    long nodeRetries = node.summary().xenstoreRetries();
    long storeRetries = store.summary().xenstoreRetries();
    assertTrue("retries: store rule " + storeRetries + ", node rule " + nodeRetries, storeRetries > 3 * nodeRetries);
    assertEquals(16, store.summary().created());
  }
}
