package io.vstack.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunSpec;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Assert;
import org.junit.Ignore;
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

  @Ignore("on an idle clean-clone CI machine the run completed although a member was killed 2 s in (expected: the run "
      + "fails cleanly); whether the run manager now resumes runs without checkpoints or the kill misses the run is "
      + "not yet understood")
  @Test(timeout = 240_000)
  public void aMemberKilledMidRunFailsTheRunCleanly() throws Exception {
    int seedPort = freePort();
    String seed = "127.0.0.1:" + seedPort;
    Path logs = Path.of("target", "cluster-test-logs");
    Files.createDirectories(logs);
    ClusterKeys keys = ClusterKeys.generate(logs.resolve("loss-keys"));
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int n = 0; n < 2; n++) {
      ProcessBuilder pb = new ProcessBuilder(java, "-Xss4m", "-Xmx512m", "-Dslf4j.internal.verbosity=ERROR",
          "-Dakka.cluster.split-brain-resolver.stable-after=5s", "-cp", System.getProperty("java.class.path"),
          NodeMain.class.getName(), keys.dir().toString(), "127.0.0.1",
          Integer.toString(n == 0 ? seedPort : freePort()), Integer.toString(freePort()), seed);
      pb.redirectErrorStream(true).redirectOutput(logs.resolve("loss-node-" + n + ".log").toFile());
      NODES.add(pb.start());
    }
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", freePort(), List.of(seed), "client",
        keys).withFallback(com.typesafe.config.ConfigFactory.parseString(
            "akka.cluster.split-brain-resolver.stable-after = 5s")));
    // Long enough (tens of seconds of wall time even on an idle machine) that the kill 2 s in lands mid-run: with
    // 2,000 guests an idle CI machine once finished the run before the member was killed.
    Scenario scenario = Scenario.load(CONF, null, List.of("workload.guests=20000", "guest.memory-mib=4"));
    ClusterExecutor executor = new ClusterExecutor(client, 4, scenario);
    ActorTestKit.create(client).createTestProbe().awaitAssert(Duration.ofSeconds(90), Duration.ofMillis(500),
        () -> {
          assertEquals(2, ClusterExecutor.nodes(client).size());
          return null;
        });
    CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(() -> NODES.get(1).destroyForcibly());
    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> executor.run(new XenModel(scenario,
        WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed())));
    // Whichever notices first: the coordinator losing a partition, or this client seeing the member removed.
    assertTrue(failure.getMessage(), failure.getMessage().contains("stopped before the run finished (did its "
        + "cluster member leave or crash?)") || failure.getMessage().matches("cluster member .* left during the run"));
  }
}
