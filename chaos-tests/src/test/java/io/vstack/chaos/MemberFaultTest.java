package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.LocalCluster;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterKeys;
import io.vstack.cluster.ClusterNode;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.trace.XenHostFactory;
import io.vstack.workload.WorkloadDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Assert;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Infrastructure faults on three real member JVMs started as {@code vstack cluster up} starts them. A member is
 * frozen with SIGSTOP (as a long GC pause, an overloaded host or a network cut would silence it) and thawed with
 * SIGCONT: briefly, the run must give exactly the undisturbed result, only later; for longer than the failure
 * detector and split-brain resolver allow, the majority downs it and the run fails cleanly, never with a result.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MemberFaultTest extends JUnitSuite {
  private static final Path CONF = Path.of("../conf").toAbsolutePath().normalize();
  private static List<LocalCluster.Member> members = List.of();
  private static ActorSystem<Void> client;

  @BeforeClass
  public static void startThreeMembers() throws Exception {
    Path logs = Path.of("target", "chaos-logs");
    Files.createDirectories(logs);
    ClusterKeys keys = ClusterKeys.generate(logs.resolve("keys"));
    members = LocalCluster.start(3, "512m", logs, CONF, keys);
    assertEquals("members up", 3, LocalCluster.awaitUp(members, keys, 90));
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", LocalCluster.freePort(),
        List.of("127.0.0.1:" + members.get(0).port()), "client", keys));
  }

  @AfterClass
  public static void stopEverything() {
    if (client != null) {
      client.terminate();
    }
    members.forEach(m -> m.process().destroyForcibly());
  }

  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertEquals("kill -" + signal, 0, kill.waitFor());
  }

  /** Starts {@code overrides} on the cluster, lets it run 1.5 s, then freezes member 2 for {@code frozenMs}. */
  private static CompletableFuture<RunResult> runAndFreeze(List<String> overrides, long frozenMs) throws Exception {
    Scenario scenario = Scenario.load(CONF, null, overrides);
    ClusterExecutor executor = new ClusterExecutor(client, 6, XenHostFactory.spec(scenario));
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> executor.run(
        new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed())));
    Thread.sleep(1_500);
    assertFalse("the run ended before the fault: make the scenario longer", run.isDone());
    Process frozen = members.get(2).process();
    signal(frozen, "STOP");
    Thread.sleep(frozenMs);
    signal(frozen, "CONT");
    return run;
  }

  @Test(timeout = 300_000)
  public void a_memberFrozenBrieflyOnlyDelaysTheRunAndTheResultIsUnchanged() throws Exception {
    List<String> overrides = List.of("workload.guests=3000", "guest.memory-mib=64");
    Scenario scenario = Scenario.load(CONF, null, overrides);
    RunResult expected = new SequentialExecutor().run(new XenModel(scenario, WorkloadDriver::new),
        RunSpec.untilQuiet(scenario.seed()));
    RunResult clustered = runAndFreeze(overrides, 2_000).get(240, TimeUnit.SECONDS);
    assertEquals(expected.events(), clustered.events());
    assertEquals(expected.lastEventTime(), clustered.lastEventTime());
    assertEquals(expected.sequenceHash(), clustered.sequenceHash());
  }

  @Test(timeout = 300_000)
  public void b_memberCutOffLongerThanTheResolverAllowsIsDownedAndTheRunFailsCleanly() throws Exception {
    CompletableFuture<RunResult> run = runAndFreeze(List.of("workload.guests=40000", "guest.memory-mib=16"),
        40_000);
    ExecutionException failed = Assert.assertThrows(ExecutionException.class, () -> run.get(240,
        TimeUnit.SECONDS));
    assertTrue(String.valueOf(failed.getCause()), failed.getCause() instanceof EngineFailure);
    String message = failed.getCause().getMessage();
    assertTrue(message, message.contains("stopped before the run finished (did its cluster member leave or crash?)")
        || message.matches("cluster member .* left during the run"));
    assertTrue("the downed member shut itself down when it came back",
        members.get(2).process().waitFor(60, TimeUnit.SECONDS));
  }
}
