package io.vstack.cluster;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.hosted.HostedModel;
import io.vstack.engine.hosted.ModelSpec;
import io.vstack.engine.phold.Phold;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.Layout;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Invariants;
import io.vstack.model.results.Lifecycle;
import io.vstack.model.results.RunSummary;
import io.vstack.trace.TraceFilter;
import io.vstack.trace.TraceRecorder;
import io.vstack.trace.TraceWriter;
import io.vstack.trace.XenHostFactory;
import io.vstack.workload.WorkloadDriver;
import io.vstack.workload.fleet.FleetFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.AfterClass;
import org.junit.Assert;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Three real member JVMs on loopback, started by the test, and this JVM joining them as a client. Members 0 and 1
 * have their management write routes on (behind the cluster's secret), member 2 runs with the defaults (read-only).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ThreeNodeClusterTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf").toAbsolutePath().normalize();
  private static final List<String> OVERRIDES = List.of("host=quad-node", "workload.guests=48",
      "guest.memory-mib=512", "toolstack.mode=parallel", "xenstore.cache=on", "scrub.placement=local",
      "toolstack.workers=12");

  private static final List<Process> NODES = new ArrayList<>();
  private static final List<Integer> MANAGEMENT = new ArrayList<>();
  private static final List<Integer> PORTS = new ArrayList<>();
  private static ActorSystem<Void> client;
  private static ActorTestKit testKit;
  private static final Path LOGS = Path.of("target", "cluster-test-logs");
  private static ClusterKeys keys;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeClass
  public static void startThreeMembersAndJoinThem() throws Exception {
    int[] ports = {freePort(), freePort(), freePort()};
    PORTS.addAll(List.of(ports[0], ports[1], ports[2]));
    String seed = "127.0.0.1:" + ports[0];
    Path logs = LOGS;
    Files.createDirectories(logs);
    keys = ClusterKeys.generate(logs.resolve("keys"));
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int n = 0; n < 3; n++) {
      int management = freePort();
      MANAGEMENT.add(management);
      ProcessBuilder pb = new ProcessBuilder(java, "-Xss4m", "-Xmx768m", "-Dslf4j.internal.verbosity=ERROR",
          "-Dvstack.cluster.management.writes=" + (n < 2 ? "on" : "off"), "-cp",
          System.getProperty("java.class.path"), NodeMain.class.getName(), keys.dir().toString(),
          "127.0.0.1", Integer.toString(ports[n]), Integer.toString(management), seed);
      pb.redirectErrorStream(true).redirectOutput(logs.resolve("node-" + n + ".log").toFile());
      NODES.add(pb.start());
    }
    client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", freePort(), List.of(seed), "client", keys));
    testKit = ActorTestKit.create(client);
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(90), Duration.ofMillis(500), () -> {
      long up = StreamSupport.stream(Cluster.get(client).state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up() && m.hasRole("node")).count();
      assertEquals(3, up);
      assertEquals(3, ClusterExecutor.nodes(client).size());
      return null;
    });
  }

  @AfterClass
  public static void stopEverything() {
    if (client != null) {
      client.terminate();
    }
    NODES.forEach(p -> {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    });
  }

  @Test(timeout = 180_000)
  public void aScenarioRunOnThreeMembersGivesTheSequentialResult() {
    Scenario scenario = Scenario.load(CONF, null, OVERRIDES);
    XenModel model = new XenModel(scenario, WorkloadDriver::new);
    RunResult expected = new SequentialExecutor().run(new XenModel(scenario, WorkloadDriver::new),
        RunSpec.untilQuiet(scenario.seed()));
    RunResult clustered = new ClusterExecutor(client, 6, XenHostFactory.spec(scenario)).run(model,
        RunSpec.untilQuiet(scenario.seed()));
    assertTrue(expected.events() > 5_000);
    assertEquals(expected.events(), clustered.events());
    assertEquals(expected.lastEventTime(), clustered.lastEventTime());
    assertEquals(expected.sequenceHash(), clustered.sequenceHash());
    assertTrue("a cluster run opens windows", clustered.windows() > 0);
  }

  /** A fleet, partitioned by host groups over three members, ends as on one JVM: every VM's outcome, every host. */
  @Test(timeout = 240_000)
  public void aFleetRunOnThreeMembersGivesTheSequentialOutcome() throws Exception {
    SmallFleet.assertSequentialOutcome(SmallFleet.onCluster(new ClusterExecutor(client, 6,
        FleetFactory.spec(SmallFleet.SCENARIO))));
  }

  /**
   * A model the cluster module knows nothing of, PHOLD, hosted through its factory: the members run it as one JVM
   * does, to the same sequence hash and every process's state; a factory no member has fails the run, naming the
   * ones there are.
   */
  @Test(timeout = 180_000)
  public void anyModelRunsOnTheMembersThroughItsFactoryAndAnUnknownOneIsRefused() throws Exception {
    Phold phold = new Phold(24, 1_000, 4_000, 4);
    RunSpec spec = new RunSpec(11, phold.horizonFor(60_000));
    HostedModel here = new PholdFactory().build(phold);
    RunResult expected = new SequentialExecutor().run(here.model(), spec);
    ClusterExecutor.Outcome there = new ClusterExecutor(client, 6, new ModelSpec(PholdFactory.NAME, phold))
        .runFull(spec, null, null);
    assertTrue(expected.sameOutcomeAs(there.result()));
    assertEquals(phold.processCount(), there.reports().size());
    for (int id = 0; id < phold.processCount(); id++) {
      assertEquals("process " + id, here.report(id), there.reports().get(id));
    }
    EngineFailure refused = Assert.assertThrows(EngineFailure.class, () -> new ClusterExecutor(client, 6,
        new ModelSpec("no-such-model", phold)).run(phold, spec));
    assertTrue(refused.getMessage(), refused.getMessage().contains("no model factory named 'no-such-model'")
        && refused.getMessage().contains("registered: fleet, phold, xen-host"));
  }

  @Test(timeout = 180_000)
  public void aTracedRunOnThreeMembersGivesTheTraceSummaryAndTablesOfOneJvm() throws Exception {
    Scenario scenario = Scenario.load(CONF, null, OVERRIDES);
    Map<String, Object> header = Map.of("scenario", scenario.name());
    Path local = Files.createTempFile("local", ".jsonl.gz");
    Path clustered = Files.createTempFile("clustered", ".jsonl.gz");
    TraceRecorder recorder = new TraceRecorder(Layout.of(scenario), TraceFilter.ALL);
    XenModel here = new XenModel(scenario, WorkloadDriver::new);
    new SequentialExecutor().run(here, RunSpec.untilQuiet(scenario.seed()), recorder);
    TraceWriter.write(recorder, local, header);
    ClusterExecutor.Outcome outcome = new ClusterExecutor(client, 6, XenHostFactory.spec(scenario)).runFull(
        RunSpec.untilQuiet(scenario.seed()), "", XenHostFactory.merger(scenario, "", clustered, header));
    FinalState there = XenHostFactory.state(scenario, outcome.reports());
    assertTrue(Files.size(local) > 10_000);
    assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(clustered));
    assertEquals(RunSummary.of(here), RunSummary.of(there));
    assertEquals(Lifecycle.rows(here), Lifecycle.rows(there));
    assertEquals(List.of(), Invariants.violations(there));
    Files.delete(local);
    Files.delete(clustered);
  }

  /**
   * A client that leaves while its run goes on: the run manager stops the run (nobody would receive its result)
   * instead of keeping the members busy with it, so the cluster is free for the run's resumption.
   */
  @Test(timeout = 180_000)
  public void aRunWhoseClientIsGoneIsStoppedOnTheMembers() throws Exception {
    ActorSystem<Void> leaving = ClusterNode.startClient(ClusterNode.config("127.0.0.1", freePort(),
        List.of("127.0.0.1:" + PORTS.get(0)), "client", keys));
    List<String> overrides = List.of("workload.guests=20000", "guest.memory-mib=8");
    Scenario scenario = Scenario.load(CONF, null, overrides);
    LinkedBlockingQueue<String> progress = new LinkedBlockingQueue<>();
    ClusterExecutor executor = new ClusterExecutor(leaving, 6, XenHostFactory.spec(scenario),
        new Checkpointing(0, 500_000_000L, c -> { }, null), progress::add);
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> executor.run(
        new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed())));
    String first = progress.poll(120, TimeUnit.SECONDS);
    assertTrue("the run got going, said " + first, first != null && first.startsWith("checkpoint at"));
    assertFalse("the run ended before its client left: make it longer", run.isDone());
    ClusterNode.leave(leaving);
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(90), Duration.ofMillis(200), () -> {
      boolean stopped = false;
      for (int n = 0; n < 3; n++) {
        stopped |= Files.readString(LOGS.resolve("node-" + n + ".log")).contains("abandoned: its submitter");
      }
      assertTrue("the run manager stopped the run whose client left", stopped);
      return null;
    });
  }

  @Test(timeout = 60_000)
  public void theManagementEndpointReportsThreeUpNodes() throws Exception {
    for (int n = 1; n < 3; n++) {
      HttpResponse<String> response = members(n, Optional.of(keys.basicAuthorization()));
      assertEquals(200, response.statusCode());
      assertEquals(response.body(), 3, upNodes(response));
    }
  }

  /** Member 2 runs with the defaults: its endpoint serves no write route, whoever asks and however. */
  @Test(timeout = 60_000)
  public void aManagementEndpointIsReadOnlyByDefault() throws Exception {
    HttpResponse<String> down = write(2, 1, "Down", Optional.of(keys.basicAuthorization()));
    assertEquals(down.body(), 405, down.statusCode());
    HttpResponse<String> read = members(2, Optional.empty());
    assertEquals("reads need no credentials on a read-only endpoint", 200, read.statusCode());
    assertEquals(read.body(), 3, upNodes(read));
  }

  /**
   * Member 1 has its write routes on: a write (or a read) without the cluster's secret, with a wrong one, or under
   * another user name is refused, and nobody is downed.
   */
  @Test(timeout = 60_000)
  public void aManagementWriteWithoutTheClustersSecretIsRefused() throws Exception {
    for (Optional<String> credentials : List.of(Optional.<String>empty(), Optional.of(basic("vstack", "guess")),
        Optional.of(basic("admin", keys.secret())))) {
      HttpResponse<String> down = write(1, 2, "Down", credentials);
      assertEquals(down.body(), 401, down.statusCode());
      assertEquals(401, members(1, credentials).statusCode());
    }
    assertEquals(3, upNodes(members(1, Optional.of(keys.basicAuthorization()))));
  }

  /**
   * A would-be member with another cluster's key store, and one speaking plain TCP, try to join through the seed:
   * the TLS handshake fails, so neither ever becomes Up nor appears in the cluster's membership.
   */
  @Test(timeout = 120_000)
  public void aMemberWithoutTheClustersKeyStoreCannotJoin() throws Exception {
    ClusterKeys other = ClusterKeys.generate(LOGS.resolve("other-keys"));
    List<String> seeds = List.of("127.0.0.1:" + PORTS.get(0));
    List<ActorSystem<Void>> intruders = List.of(
        ClusterNode.startClient(ClusterNode.config("127.0.0.1", freePort(), seeds, "client", other)),
        ClusterNode.startClient(ConfigFactory.parseString("akka.remote.artery.transport = tcp")
            .withFallback(ClusterNode.config("127.0.0.1", freePort(), seeds, "client", other))));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        for (ActorSystem<Void> intruder : intruders) {
          Address address = Cluster.get(intruder).selfMember().address();
          assertTrue(address + " joined", Cluster.get(intruder).selfMember().status() != MemberStatus.up());
          assertTrue(address + " is a member", StreamSupport.stream(Cluster.get(client).state().getMembers()
              .spliterator(), false).noneMatch(m -> m.address().equals(address)));
        }
        Thread.sleep(500);
      }
    } finally {
      intruders.forEach(ActorSystem::terminate);
    }
  }

  /**
   * While a run goes on, every socket the members and this client listen on is on loopback (Artery, the management
   * endpoints), as /proc/net/tcp and tcp6 show it; each member's Artery and management ports are among them.
   */
  @Test(timeout = 180_000)
  public void everySocketAClusteredRunListensOnIsOnLoopback() throws Exception {
    Assume.assumeTrue("needs Linux's /proc/net/tcp", Files.isReadable(Path.of("/proc/net/tcp")));
    Scenario scenario = Scenario.load(CONF, null, OVERRIDES);
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> new ClusterExecutor(client, 6,
        XenHostFactory.spec(scenario)).run(new XenModel(scenario, WorkloadDriver::new), RunSpec.untilQuiet(scenario.seed())));
    for (int n = 0; n < 3; n++) {
      List<InetSocketAddress> listening = ListeningSockets.of(NODES.get(n).pid());
      for (InetSocketAddress socket : listening) {
        assertTrue("member " + n + " listens on " + socket, socket.getAddress().isLoopbackAddress());
      }
      Set<Integer> ports = listening.stream().map(InetSocketAddress::getPort).collect(Collectors.toSet());
      assertTrue("member " + n + " listens on " + listening, ports.containsAll(List.of(PORTS.get(n),
          MANAGEMENT.get(n))));
    }
    List<InetSocketAddress> mine = ListeningSockets.of(ProcessHandle.current().pid());
    assertFalse("the client listens on its Artery port", mine.isEmpty());
    for (InetSocketAddress socket : mine) {
      assertTrue("the client listens on " + socket, socket.getAddress().isLoopbackAddress());
    }
    assertTrue(run.get(120, TimeUnit.SECONDS).events() > 5_000);
  }

  private static HttpResponse<String> members(int member, Optional<String> credentials) throws Exception {
    HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT.get(member)
        + "/cluster/members")).timeout(Duration.ofSeconds(10));
    credentials.ifPresent(c -> get.header("Authorization", c));
    return HttpClient.newHttpClient().send(get.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Asks member {@code via}'s management endpoint to apply {@code operation} to member {@code target}. */
  private static HttpResponse<String> write(int via, int target, String operation, Optional<String> credentials)
      throws Exception {
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT.get(via)
            + "/cluster/members/akka://vstack@127.0.0.1:" + PORTS.get(target)))
        .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(10))
        .PUT(HttpRequest.BodyPublishers.ofString("operation=" + operation));
    credentials.ifPresent(c -> put.header("Authorization", c));
    return HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long upNodes(HttpResponse<String> response) throws IOException {
    JsonNode members = new ObjectMapper().readTree(response.body()).path("members");
    return StreamSupport.stream(members.spliterator(), false)
        .filter(m -> m.path("status").asText().equals("Up") && m.path("roles").toString().contains("\"node\""))
        .count();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test(timeout = 120_000)
  public void theNodesLeaveGracefullyAndTheirProcessesExit() throws Exception {
    for (int n = 2; n >= 0; n--) {
      try {
        // Member 2's own endpoint is read-only: it is asked to leave through member 0's.
        HttpResponse<String> r = write(n == 2 ? 0 : n, n, "Leave", Optional.of(keys.basicAuthorization()));
        assertEquals(r.body(), 200, r.statusCode());
      } catch (IOException e) {
        // A member that leaves an almost empty cluster can be removed, and close its management server, before the
        // reply is written (as `vstack cluster down` allows); its exit, checked below, is what proves it left.
        System.err.println("leave request to member " + n + " got no reply: " + e.getMessage());
      }
    }
    for (Process p : NODES) {
      assertTrue("a member process did not exit after leaving", p.waitFor(60, TimeUnit.SECONDS));
    }
  }
}
