package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.LocalCluster;
import io.vstack.cluster.ClusterKeys;
import io.vstack.cluster.ClusterNode;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
    ClusterKeys keys = ClusterKeys.generate(logs.resolve("keys"));
    int[] ports = {LocalCluster.freePort(), LocalCluster.freePort(), LocalCluster.freePort()};
    int hidden = LocalCluster.freePort();
    proxy = new TcpProxy(ports[2], hidden);
    members = LocalCluster.start("512m", logs, CONF, keys, ports, new int[] {0, 0, hidden});
    assertEquals("members up", 3, LocalCluster.awaitUp(members, keys, 90));
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", LocalCluster.freePort(),
        List.of("127.0.0.1:" + members.get(0).port()), "client", keys));
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
    CheckpointingClusterRun started = CheckpointingClusterRun.startAndAwaitCheckpoint(client, CONF);
    proxy.cut();

    try {
      RunResult result = started.run().get(240, TimeUnit.SECONDS);
      assertEquals("resumed to the uninterrupted result", started.expected().events(), result.events());
      assertEquals(started.expected().lastEventTime(), result.lastEventTime());
      assertEquals(started.expected().sequenceHash(), result.sequenceHash());
      // Usually the run stalls on the cut member and resumes from its checkpoint; once (CI, 2026-12-03) it ran on to
      // its exact end while the member was being marked unreachable. Either way the result must be the
      // uninterrupted one, which is what this test is about; why that run did not stall is not yet understood.
    } catch (ExecutionException e) {
      assertTrue("failed cleanly: " + e.getCause(), e.getCause() instanceof EngineFailure);
    }
    assertTrue("the member cut off was downed and shut itself down",
        members.get(2).process().waitFor(90, TimeUnit.SECONDS));
  }
}
