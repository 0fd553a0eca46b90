package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.LocalCluster;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterNode;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.XenModel;
import io.vstack.model.config.Scenario;
import io.vstack.workload.WorkloadDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * A network partition: member 2's Artery port is behind a TCP proxy, and mid-run, after a checkpoint, the proxy cuts
 * it off while it keeps running (and can still send: a one-way partition, the nastier kind). The split-brain
 * resolver must down one side; the run must then resume from its checkpoint to exactly the uninterrupted result,
 * or fail cleanly, and never finish with a wrong one.
 */
public class NetworkPartitionTest extends JUnitSuite {
  private static final Path CONF = Path.of("../conf").toAbsolutePath().normalize();
  private static List<LocalCluster.Member> members = List.of();
  private static ActorSystem<Void> client;
  private static TcpProxy proxy;

  @BeforeClass
  public static void startThreeMembersOneBehindAProxy() throws Exception {
    Path logs = Path.of("target", "chaos-logs", "partition");
    Files.createDirectories(logs);
    int[] ports = {LocalCluster.freePort(), LocalCluster.freePort(), LocalCluster.freePort()};
    int hidden = LocalCluster.freePort();
    proxy = new TcpProxy(ports[2], hidden);
    members = LocalCluster.start("512m", logs, CONF, ports, new int[] {0, 0, hidden});
    assertEquals("members up", 3, LocalCluster.awaitUp(members, 90));
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", LocalCluster.freePort(),
        List.of("127.0.0.1:" + members.get(0).port()), "client", LocalCluster.freePort()));
  }

  @AfterClass
  public static void stopEverything() throws Exception {
    if (client != null) {
      client.terminate();
    }
    members.forEach(m -> m.process().destroyForcibly());
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test(timeout = 300_000)
  public void aMemberCutOffMidRunIsDownedAndTheRunResumesOrFailsButNeverGivesAWrongResult() throws Exception {
    String text = Files.readString(CONF.resolve("scenarios").resolve("default.conf"));
    List<String> overrides = List.of("workload.guests=3000", "guest.memory-mib=64");
    Scenario scenario = Scenario.loadText(CONF, text, "partition", overrides);
    RunResult expected = new SequentialExecutor().run(new XenModel(scenario, WorkloadDriver::new),
        RunSpec.untilQuiet(scenario.seed()));
    LinkedBlockingQueue<String> progress = new LinkedBlockingQueue<>();
    ClusterExecutor executor = new ClusterExecutor(client, 6, text, overrides, 0, 2_000_000_000L, progress::add);
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> executor.run(
        new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed())));
    String first = progress.poll(120, TimeUnit.SECONDS);
    assertTrue("a checkpoint before the fault, got " + first, first != null && first.startsWith("checkpoint at"));
    assertFalse("the run ended before the fault: make the scenario longer", run.isDone());
    proxy.cut();

    try {
      RunResult result = run.get(240, TimeUnit.SECONDS);
      assertEquals("resumed to the uninterrupted result", expected.events(), result.events());
      assertEquals(expected.lastEventTime(), result.lastEventTime());
      assertEquals(expected.sequenceHash(), result.sequenceHash());
      assertTrue("it resumed rather than ran on unaware: " + progress,
          List.copyOf(progress).stream().anyMatch(l -> l.contains("resuming from the checkpoint")));
    } catch (ExecutionException e) {
      assertTrue("failed cleanly: " + e.getCause(), e.getCause() instanceof EngineFailure);
    }
    assertTrue("the member cut off was downed and shut itself down",
        members.get(2).process().waitFor(90, TimeUnit.SECONDS));
  }
}
