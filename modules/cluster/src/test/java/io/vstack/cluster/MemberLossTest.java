package io.vstack.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigFactory;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.trace.XenHostFactory;
import io.vstack.workload.WorkloadDriver;
import io.vstack.workload.fleet.FleetFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.After;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Members killed in the middle of a run make the run fail with a message saying so, never hang or lie. */
public class MemberLossTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf").toAbsolutePath().normalize();
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private ActorSystem<Void> client;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @After
  public void stopEverything() {
    if (client != null) {
      client.terminate();
    }
    nodes.forEach(Process::destroyForcibly);
  }

  /** Two node members and a client, with a split-brain resolver quick to decide; returns when both nodes serve. */
  private void startTwoNodesAndAClient(String name) throws Exception {
    ports.addAll(List.of(freePort(), freePort()));
    String seed = "127.0.0.1:" + ports.get(0);
    Path logs = Path.of("target", "cluster-test-logs");
    Files.createDirectories(logs);
    ClusterKeys keys = ClusterKeys.generate(Files.createTempDirectory(logs, name + "-keys"));
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int n = 0; n < 2; n++) {
      ProcessBuilder pb = new ProcessBuilder(java, "-Xss4m", "-Xmx512m", "-Dslf4j.internal.verbosity=ERROR",
          "-Dakka.cluster.split-brain-resolver.stable-after=5s", "-cp", System.getProperty("java.class.path"),
          NodeMain.class.getName(), keys.dir().toString(), "127.0.0.1",
          Integer.toString(ports.get(n)), Integer.toString(freePort()), seed);
      pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + "-node-" + n + ".log").toFile());
      nodes.add(pb.start());
    }
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", freePort(), List.of(seed), "client",
        keys).withFallback(ConfigFactory.parseString("akka.cluster.split-brain-resolver.stable-after = 5s")));
    ActorTestKit.create(client).createTestProbe().awaitAssert(Duration.ofSeconds(90), Duration.ofMillis(500),
        () -> {
          assertEquals(2, ClusterExecutor.nodes(client).size());
          return null;
        });
  }

  /**
   * Runs a storm (seconds of wall time: it cannot end in the moment between hearing it started and the kill),
   * checkpointing as {@code checkpointing} says, killing the members {@code victims} chooses from the addresses of
   * those hosting the run's partitions as soon as it has started; the failure.
   */
  private EngineFailure runKilling(Checkpointing checkpointing, Function<List<String>, List<Process>> victims)
      throws Exception {
    Scenario scenario = Scenario.load(CONF, null, List.of("workload.guests=5000", "guest.memory-mib=4"));
    AtomicReference<List<String>> hosts = new AtomicReference<>(List.of());
    ClusterExecutor executor = new ClusterExecutor(client, 4, XenHostFactory.spec(scenario), checkpointing,
        new ClusterExecutor.Progress() {
          @Override
          public void line(String text) {
          }

          @Override
          public void started(List<String> members) {
            if (hosts.compareAndSet(List.of(), members)) {
              victims.apply(members).forEach(Process::destroyForcibly);
            }
          }
        });
    EngineFailure failure = null;
    try {
      executor.run(new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed()));
    } catch (EngineFailure e) {
      failure = e;
    }
    assertTrue("the run failed; it started on " + hosts.get(), failure != null);
    return failure;
  }

  @Test(timeout = 240_000)
  public void aMemberKilledMidRunFailsTheRunCleanly() throws Exception {
    startTwoNodesAndAClient("loss");
    // The second member, unless the run manager did not know it yet when the run started: then the first.
    EngineFailure failure = runKilling(Checkpointing.NONE, hosts -> List.of(nodes.get(
        hosts.stream().anyMatch(member -> member.endsWith(":" + ports.get(1))) ? 1 : 0)));
    // Whichever notices first: the coordinator losing a partition, or this client seeing the member removed.
    assertTrue(failure.getMessage(), failure.getMessage().contains("stopped before the run finished (did its "
        + "cluster member leave or crash?)") || failure.getMessage().matches("cluster member .* left during the run"));
  }

  /**
   * A checkpointing run would resume on the members left, but none is: the client says so instead of waiting for a
   * run manager that has nowhere to run (a network partition once had the split-brain resolver down every node).
   * Alone against two unreachable members, the client is on the minority side, so the resolver may down the client
   * itself first: that too ends the run with a message.
   */
  @Test(timeout = 240_000)
  public void everyNodeKilledMidRunFailsTheRunCleanlyEvenWhenItCheckpoints() throws Exception {
    startTwoNodesAndAClient("all-lost");
    // Killed once the run has a checkpoint to resume from: before it, losing the run manager's member simply ends
    // the run ("cluster member ... left during the run"), and this case is about a run that would resume.
    AtomicBoolean killed = new AtomicBoolean();
    EngineFailure failure = runKilling(new Checkpointing(0, 500_000_000L, checkpoint -> {
      if (killed.compareAndSet(false, true)) {
        nodes.forEach(Process::destroyForcibly);
      }
    }, null), hosts -> List.of());
    assertTrue(failure.getMessage(), failure.getMessage().startsWith("every cluster node left during the run")
        || failure.getMessage().startsWith("this client left the cluster before the run finished"));
  }

  /**
   * A fleet run that checkpoints loses the member that is not the run manager's once a checkpoint is stored: the run
   * manager resumes it on the member left, and every VM ends as in the sequential run.
   */
  @Test(timeout = 300_000)
  public void aMemberKilledMidFleetRunResumesToTheSequentialOutcome() throws Exception {
    startTwoNodesAndAClient("fleet-loss");
    Member oldest = StreamSupport.stream(Cluster.get(client).state().getMembers().spliterator(), false)
        .filter(m -> m.hasRole("node")).reduce((a, b) -> a.isOlderThan(b) ? a : b).orElseThrow();
    Process victim = nodes.get(oldest.address().port().get().equals(ports.get(0)) ? 1 : 0);
    AtomicBoolean killed = new AtomicBoolean();
    List<String> said = new CopyOnWriteArrayList<>();
    // By window count, not wall time: the fleet's 9,930 windows once ended before 500 ms had passed, with no
    // checkpoint to kill the member at. The first of four checkpoints is a fifth of the way in.
    ClusterExecutor executor = new ClusterExecutor(client, 6, FleetFactory.spec(SmallFleet.SCENARIO),
        new Checkpointing(2_000, 0, checkpoint -> {
          if (killed.compareAndSet(false, true)) {
            victim.destroyForcibly();
          }
        }, null), said::add);
    SmallFleet.assertSequentialOutcome(SmallFleet.onCluster(executor));
    assertTrue("a member was killed mid-run", killed.get() && !victim.isAlive());
    assertTrue("the run manager resumed the run: " + said, said.stream().anyMatch(line -> line.contains(
        "resuming from the checkpoint at virtual time")));
  }
}
