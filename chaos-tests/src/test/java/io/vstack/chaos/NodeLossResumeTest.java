package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.typed.Cluster;
import io.vstack.cli.LocalCluster;
import io.vstack.cluster.ClusterKeys;
import io.vstack.cluster.ClusterNode;
import io.vstack.engine.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.scalatestplus.junit.JUnitSuite;

/**
 * A cluster node killed with SIGKILL mid-run, after the run's first checkpoint: the split-brain resolver downs it and
 * the run resumes from its checkpoint on the nodes left — by the run manager when another node was lost, by the
 * client (which keeps the latest checkpoint) when the run manager's own node was — and the result is exactly the one
 * an uninterrupted single-JVM run gives.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class NodeLossResumeTest extends JUnitSuite {
  private static final Path CONF = Path.of("../conf").toAbsolutePath().normalize();
  private static List<LocalCluster.Member> members = List.of();
  private static ActorSystem<Void> client;

  @BeforeClass
  public static void startThreeMembers() throws Exception {
    Path logs = Path.of("target", "chaos-logs", "node-loss");
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

  /** The member hosting the run manager (the oldest node), or ({@code manager} false) a live one that does not. */
  private static LocalCluster.Member victim(boolean manager) {
    Member oldest = StreamSupport.stream(Cluster.get(client).state().getMembers().spliterator(), false)
        .filter(m -> m.hasRole("node")).reduce((a, b) -> a.isOlderThan(b) ? a : b).orElseThrow();
    return members.stream().filter(m -> m.process().isAlive())
        .filter(m -> oldest.address().port().get().equals(m.port()) == manager).reduce((a, b) -> b).orElseThrow();
  }

  @Test(timeout = 300_000)
  public void a_aNodeKilledAfterACheckpointIsReplacedAndTheRunResumesToTheUninterruptedResult() throws Exception {
    String said = runAndKill(false);
    assertTrue("the run manager resumed the run: " + said, said.contains("resuming from the checkpoint at virtual "
        + "time"));
  }

  @Test(timeout = 300_000)
  public void b_theRunManagersOwnNodeKilledAfterACheckpointAndTheClientResubmitsToTheUninterruptedResult()
      throws Exception {
    String said = runAndKill(true);
    assertTrue("the client resubmitted from its checkpoint: " + said,
        said.contains("was lost; resubmitting from the checkpoint at virtual time"));
  }

  /** Runs a checkpointing storm, kills a node after its first checkpoint, checks the result; what it printed. */
  private static String runAndKill(boolean manager) throws Exception {
    CheckpointingClusterRun started = CheckpointingClusterRun.startAndAwaitCheckpoint(client, CONF);
    LocalCluster.Member victim = victim(manager);
    victim.process().destroyForcibly();
    assertTrue(victim.process().waitFor(30, TimeUnit.SECONDS));

    RunResult resumed = started.run().get(240, TimeUnit.SECONDS);
    assertEquals(started.expected().events(), resumed.events());
    assertEquals(started.expected().lastEventTime(), resumed.lastEventTime());
    assertEquals(started.expected().sequenceHash(), resumed.sequenceHash());
    return started.said();
  }
}
