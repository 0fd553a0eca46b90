package io.vstack.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.workload.WorkloadDriver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.AfterClass;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A member killed in the middle of a run makes the run fail with a message saying so, never hang or lie. */
public class MemberLossTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf").toAbsolutePath().normalize();
  private static final List<Process> NODES = new ArrayList<>();
  private static ActorSystem<Void> client;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterClass
  public static void stopEverything() {
    if (client != null) {
      client.terminate();
    }
    NODES.forEach(Process::destroyForcibly);
  }

  @Test(timeout = 240_000)
  public void aMemberKilledMidRunFailsTheRunCleanly() throws Exception {
    int seedPort = freePort();
    String seed = "127.0.0.1:" + seedPort;
    Path logs = Path.of("target", "cluster-test-logs");
    Files.createDirectories(logs);
    ClusterKeys keys = ClusterKeys.generate(logs.resolve("loss-keys"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Integer> ports = List.of(seedPort, freePort());
    for (int n = 0; n < 2; n++) {
      ProcessBuilder pb = new ProcessBuilder(java, "-Xss4m", "-Xmx512m", "-Dslf4j.internal.verbosity=ERROR",
          "-Dakka.cluster.split-brain-resolver.stable-after=5s", "-cp", System.getProperty("java.class.path"),
          NodeMain.class.getName(), keys.dir().toString(), "127.0.0.1",
          Integer.toString(ports.get(n)), Integer.toString(freePort()), seed);
      pb.redirectErrorStream(true).redirectOutput(logs.resolve("loss-node-" + n + ".log").toFile());
      NODES.add(pb.start());
    }
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", freePort(), List.of(seed), "client",
        keys).withFallback(com.typesafe.config.ConfigFactory.parseString(
            "akka.cluster.split-brain-resolver.stable-after = 5s")));
    // Seconds of wall time: the run cannot end in the moment between hearing it started and the kill.
    Scenario scenario = Scenario.load(CONF, null, List.of("workload.guests=5000", "guest.memory-mib=4"));
    AtomicReference<List<String>> hosts = new AtomicReference<>(List.of());
    ClusterExecutor executor = new ClusterExecutor(client, 4, scenario, Checkpointing.NONE,
        new ClusterExecutor.Progress() {
          @Override
          public void line(String text) {
          }

          /** Kills the second member as soon as the run has started. */
          @Override
          public void started(List<String> members) {
            hosts.set(members);
            NODES.get(1).destroyForcibly();
          }
        });
    ActorTestKit.create(client).createTestProbe().awaitAssert(Duration.ofSeconds(90), Duration.ofMillis(500),
        () -> {
          assertEquals(2, ClusterExecutor.nodes(client).size());
          return null;
        });
    EngineFailure failure = null;
    try {
      executor.run(new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed()));
    } catch (EngineFailure e) {
      failure = e;
    }
    assertTrue("the killed member hosted partitions of the run: " + hosts.get(),
        hosts.get().stream().anyMatch(member -> member.endsWith(":" + ports.get(1))));
    assertTrue("the run failed", failure != null);
    // Whichever notices first: the coordinator losing a partition, or this client seeing the member removed.
    assertTrue(failure.getMessage(), failure.getMessage().contains("stopped before the run finished (did its "
        + "cluster member leave or crash?)") || failure.getMessage().matches("cluster member .* left during the run"));
  }
}
