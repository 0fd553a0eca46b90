package io.vstack.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.cluster.catalogue.RunEntry;
import io.vstack.engine.EngineSystem;
import io.vstack.workload.experiment.ControlPlane;
import java.time.Instant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;
import org.slf4j.LoggerFactory;

public class CliTest extends JUnitSuite {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int vstack(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  public void slf4jIsBoundToLogbackNotTheSilentNopLogger() {
    assertTrue(LoggerFactory.getILoggerFactory().getClass().getName(),
        LoggerFactory.getILoggerFactory() instanceof LoggerContext);
  }

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @ClassRule
  public static TemporaryFolder catalogue = new TemporaryFolder();

  /** The repository's conf/, and a run catalogue of this test's own instead of the repository's. */
  @ClassRule
  public static TemporaryFolder home = new TemporaryFolder();

  /**
   * A vstack home of the tests' own whose {@code conf} is the repository's: what a command writes beside
   * {@code conf/} (a local cluster's keys, members and logs) stays out of the repository.
   */
  @BeforeClass
  public static void pointAtTheRepositoryConf() throws IOException {
    Files.createSymbolicLink(home.getRoot().toPath().resolve("conf"), Path.of("../../conf").toAbsolutePath()
        .normalize());
    System.setProperty("vstack.home", home.getRoot().toString());
    System.setProperty("vstack.catalogue.dir", catalogue.getRoot().toString());
    ConfigFactory.invalidateCaches();
  }

  @Test(timeout = 120_000)
  public void runComparesStockWithAllFixesAndWritesTheRunDirectory() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("storm");
    assertEquals(err.toString(), 0, vstack("run", "--set", "workload.guests=6", "--out", out.toString()));
    String table = out.toString();
    String printed = this.out.toString();
    assertTrue(printed, printed.contains("stock") && printed.contains("all fixes") && printed.contains("speed-up"));
    assertTrue(table, Files.isRegularFile(out.resolve("summary.json")));
    assertTrue(Files.isRegularFile(out.resolve("run-info.json")));
    for (String config : new String[] {"stock", "all-fixes"}) {
      assertTrue(Files.readString(out.resolve(config).resolve("summary.json")).contains("\"invariantViolations\" : [ ]"));
      List<String> csv = Files.readAllLines(out.resolve(config).resolve("lifecycle.csv"));
      assertEquals(7, csv.size());
      assertTrue(csv.get(0), csv.get(0).startsWith("guest,name,domid,state,create_requested_ms"));
    }
  }

  @Test(timeout = 120_000)
  public void everyRunIsInTheCatalogueWithItsStatusAndResults() {
    Path dir = tmp.getRoot().toPath().resolve("catalogued");
    assertEquals(err.toString(), 0, vstack("run", "--set", "workload.guests=2", "--set", "name=catalogued",
        "--out", dir.toString()));
    assertEquals(err.toString(), 0, vstack("runs"));
    String listing = out.toString();
    assertTrue(listing, listing.lines().anyMatch(l -> l.startsWith("catalogued-") && l.contains(" complete ")
        && l.endsWith(dir.toString())));
  }

  @Test(timeout = 120_000)
  public void aFleetScenarioRunsWithCheckpointsIsCataloguedAndGivesTheSameResultsOnEveryExecutor()
      throws Exception {
    List<String> small = List.of("--set", "fleet.hosts=4", "--set", "fleet.trace.max-vms=60");
    List<byte[]> summaries = new ArrayList<>();
    for (String executor : List.of("sequential", "partitioned", "actor")) {
      Path dir = tmp.getRoot().toPath().resolve("fleet-" + executor);
      // one name: runs of one process within one second still get an id each
      List<String> args = new ArrayList<>(List.of("run", "fleet-small", "--executor", executor,
          "--checkpoint-windows", "500", "--out", dir.toString(), "--set", "name=small-fleet"));
      args.addAll(small);
      assertEquals(err.toString(), 0, vstack(args.toArray(String[]::new)));
      assertTrue(out.toString(), out.toString().contains("fleet small-fleet: 4 hosts"));
      summaries.add(Files.readAllBytes(dir.resolve("summary.json")));
      assertEquals(Files.readAllLines(tmp.getRoot().toPath().resolve("fleet-sequential").resolve("vms.csv")),
          Files.readAllLines(dir.resolve("vms.csv")));
    }
    assertTrue(summaries.stream().allMatch(b -> Arrays.equals(b, summaries.get(0))));
    assertEquals(err.toString(), 0, vstack("runs"));
    assertTrue(out.toString(), out.toString().lines().filter(l -> l.startsWith("small-fleet-")
        && l.split(" +")[1].equals("small-fleet") && l.contains(" complete ")).count() == 3);
    assertEquals(2, vstack("run", "fleet-small", "--compare"));
    assertTrue(err.toString(), err.toString().contains("is a fleet scenario: fleet runs take no --trace"));
  }

  @Test(timeout = 120_000)
  public void runsListsTheNewestFirstAndAsJsonOnRequest() throws Exception {
    for (String name : List.of("older", "newer")) {
      assertEquals(err.toString(), 0, vstack("run", "--set", "workload.guests=2", "--set", "name=" + name,
          "--out", tmp.getRoot().toPath().resolve(name).toString()));
    }
    out.getBuffer().setLength(0);
    assertEquals(err.toString(), 0, vstack("runs", "--json"));
    List<String> order = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString())
        .forEach(run -> order.add(run.path("scenario").asText()));
    assertTrue(order.toString(), order.indexOf("newer") >= 0 && order.indexOf("newer") < order.indexOf("older"));
  }

  /** A run that fails before it starts (its directory cannot be created) ends failed, with why, not interrupted. */
  @Test(timeout = 120_000)
  public void aRunWhoseDirectoryCannotBeCreatedIsListedFailedWithTheReason() {
    assertEquals(err.toString(), 2, vstack("run", "--set", "workload.guests=2", "--set", "name=unwritable", "--out",
        "/proc/x/unwritable"));
    assertEquals(err.toString(), 0, vstack("runs"));
    assertTrue(out.toString(), out.toString().lines().anyMatch(l -> l.startsWith("unwritable-")
        && l.contains(" failed ") && l.contains("/proc/x/unwritable: cannot create the run directory")));
  }

  /** A run whose process is alive is refused before anything says it is being resumed. */
  @Test(timeout = 120_000)
  public void resumingALiveRunIsRefusedBeforeItSaysItResumes() {
    akka.actor.typed.ActorSystem<Void> system = EngineSystem.start("vstack", 1, JournalDatabase.load());
    try {
      new Catalogue(system, "alive").started(RunEntry.startedHere("alive", "storm", 1, "test", Instant.now()));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
    assertEquals(err.toString(), 2, vstack("run", "--resume", "alive"));
    assertTrue(err.toString(), err.toString().contains("run alive is still running (process "
        + ProcessHandle.current().pid() + ")"));
    assertTrue(err.toString(), !err.toString().contains("vstack: resuming run")
        && !err.toString().contains("running it again from the start"));
  }

  @Test(timeout = 120_000)
  public void aSecondRunIntoTheSameExplicitOutIsRefusedAndTheFirstStaysAsItWas() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("again");
    String[] args = {"run", "../../conf/scenarios/default.conf", "--set", "workload.guests=2", "--out",
        out.toString()};
    assertEquals(err.toString(), 0, vstack(args));
    byte[] first = Files.readAllBytes(out.resolve("summary.json"));
    assertEquals(2, vstack(args));
    assertTrue(err.toString(), err.toString().contains("--out " + out + ": already exists; vstack never "
        + "overwrites a result"));
    assertTrue(Arrays.equals(first, Files.readAllBytes(out.resolve("summary.json"))));
    try (var siblings = Files.list(tmp.getRoot().toPath())) {
      assertEquals(List.of(out), siblings.toList());
    }
  }

  @Test(timeout = 120_000)
  public void aDesignOfTheControlPlanesFileRunsAloneWithTheUsersSettingsOnTop() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("xapi");
    assertEquals(err.toString(), 0, vstack("run", "--design", "xapi", "--set", "workload.guests=3",
        "--set", "toolstack.numa-placement=best-effort", "--out", out.toString()));
    assertTrue(this.out.toString(), this.out.toString().contains("xenopsd+numa+idle-scrub"));
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"invariantViolations\" : [ ]"));
    assertEquals(2, vstack("run", "--design", "xen-5.0", "--out", out.toString()));
    assertTrue(err.toString(), err.toString().contains("--design: no design named 'xen-5.0'")
        && err.toString().contains("known: xen-4.8, paper"));
    assertEquals(2, vstack("run", "--design", "xapi", "--compare"));
    assertTrue(err.toString(), err.toString().contains("--design runs one design, not stock vs. fixes"));
  }

  @Test(timeout = 120_000)
  public void aScenarioOfConfScenariosRunsByItsNameAndAnUnknownNameListsTheKnownOnes() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("named");
    assertEquals(err.toString(), 0, vstack("run", "boot-serialized", "--out", out.toString()));
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"scenario\" : \"boot-serialized\""));
    assertEquals(2, vstack("run", "boot-sequential", "--out", out.toString()));
    assertTrue(err.toString(), err.toString().contains("boot-sequential: no such scenario file, nor a scenario of")
        && err.toString().contains("known scenarios: boot-parallel, boot-serialized, default, design-lightvm"));
  }

  @Test
  public void aBadScenarioValueIsRejectedNamingTheKeyAndAllowedValuesAndWritesNothing() {
    Path out = tmp.getRoot().toPath().resolve("bad");
    assertEquals(2, vstack("run", "--set", "toolstack.mode=fast", "--out", out.toString()));
    assertTrue(err.toString(), err.toString().contains(
        "command line: scenario.toolstack.mode = 'fast' is not one of serialized, parallel"));
    assertTrue(!Files.exists(out));
  }

  @Test
  public void badCheckpointFlagsAreRejectedBeforeAnythingIsWritten() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("bad-checkpoints");
    assertEquals(2, vstack("run", "--checkpoint-every", "soon", "--out", out.toString()));
    assertTrue(err.toString(), err.toString().contains(
        "--checkpoint-every: 'soon' is not a duration (e.g. 30s, 5m, 0)"));
    assertEquals(2, vstack("run", "--checkpoint-windows", "-3", "--out", out.toString()));
    assertTrue(err.toString(), err.toString().contains("--checkpoint-windows: -3 is negative"));
    assertEquals(2, vstack("run", "--resume", "no-such-run", "--set", "workload.guests=2"));
    assertTrue(err.toString(), err.toString().contains("--resume takes no scenario, --set"));
    try (var siblings = Files.list(tmp.getRoot().toPath())) {
      assertEquals(List.of(), siblings.filter(p -> p.getFileName().toString().contains("bad-checkpoints")).toList());
    }
  }

  @Test(timeout = 60_000)
  public void benchEngineReportsEveryExecutorWithItsRatio() {
    assertEquals(err.toString(), 0, vstack("bench", "engine", "--sizes", "40,90", "--events", "4000"));
    String table = out.toString();
    for (String executor : new String[] {"sequential", "actor", "partitioned"}) {
      assertTrue(table, table.contains("phold-40     " + executor));
      assertTrue(table, table.contains("phold-90     " + executor));
    }
    assertTrue(table, table.contains("all executors delivered identical event sequences"));
  }

  @Test
  public void aNegativeThreadCountIsRejectedNamingTheKey() {
    assertEquals(2, vstack("bench", "engine", "--threads", "-1"));
    assertTrue(err.toString(), err.toString().contains(
        "command line: vstack.engine.threads = -1: expected a whole number >= 0 (0 = one per core)"));
  }

  @Test
  public void anUnknownExecutorIsRejectedWithTheAllowedValues() {
    assertEquals(2, vstack("bench", "engine", "--executor", "quantum"));
    assertTrue(err.toString(), err.toString().contains("actor, partitioned, sequential"));
  }

  @Test(timeout = 120_000)
  public void anExperimentWritesCsvChartsAndAPageAndListsItsSiblings() throws Exception {
    assertEquals(0, vstack("experiment", "--list"));
    assertTrue(out.toString(), out.toString().contains("boot-vs-running") && out.toString().contains("autoscale"));
    Path dir = tmp.getRoot().toPath().resolve("ablation");
    assertEquals(err.toString(), 0, vstack("experiment", "ablation", "--quick", "--out", dir.toString()));
    assertTrue(Files.isRegularFile(dir.resolve("ablation.csv")));
    assertTrue(Files.isRegularFile(dir.resolve("ablation.svg")));
    assertTrue(Files.readString(dir.resolve("index.html")).contains("<svg"));
  }

  @Test(timeout = 120_000)
  public void chaosPrintsAReproducibleReportWithInvariantsChecked() {
    assertEquals(err.toString(), 0, vstack("chaos", "--seed", "3", "--faults", "4", "--set", "workload.guests=6"));
    String first = out.toString();
    assertTrue(first, first.contains("chaos seed 3: 4 faults") && first.contains("invariants: all hold"));
    out.getBuffer().setLength(0);
    assertEquals(err.toString(), 0, vstack("chaos", "--seed", "3", "--faults", "4", "--set", "workload.guests=6"));
    assertEquals(first, out.toString());
  }

  @Test
  public void anUnknownExperimentIsRejectedWithTheKnownNames() {
    assertEquals(2, vstack("experiment", "boot-vs-moon"));
    assertTrue(err.toString(), err.toString().contains("no experiment named 'boot-vs-moon'; known: "
        + "boot-vs-concurrency, boot-vs-running"));
  }

  @Test
  public void calibrateWritesACostModelThatRunsAccept() throws Exception {
    Path model = tmp.getRoot().toPath().resolve("calibrated.conf");
    assertEquals(err.toString(), 0, vstack("calibrate", "../../conf/calibration-example.csv", "--out",
        model.toString()));
    assertTrue(Files.readString(model).contains("parse-config = 12000us"));
    // the fitted host keys override hosts.conf's when the file is the cost model, as run --cost-model loads it
    io.vstack.model.config.Topology host = io.vstack.model.config.Scenario.load(Path.of("../../conf"), null,
        List.of(), model).host();
    assertEquals(24.0, host.memoryGbps(), 1e-9);
    assertEquals(2.0, host.interconnectGbps(), 1e-9);
    Path run = tmp.getRoot().toPath().resolve("calibrated-run");
    assertEquals(err.toString(), 0, vstack("run", "--cost-model", model.toString(), "--set", "workload.guests=2",
        "--out", run.toString()));
  }

  @Test
  public void calibrateFitsTheBandwidthsOfTheHostItIsGiven() throws Exception {
    Path csv = tmp.newFile("m.csv").toPath();
    // 8 cores of a quad-node node at 2.11 GiB/s reach 18.1 GB/s; these rows say 12 GB/s
    Files.write(csv, List.of("phase,guest_memory_mib,running_guests,duration_ms", "scrub_node,1024,0,89.478",
        "scrub_node,2048,0,178.957"));
    Path model = tmp.getRoot().toPath().resolve("quad.conf");
    assertEquals(err.toString(), 0, vstack("calibrate", csv.toString(), "--host", "quad-node", "--out",
        model.toString()));
    assertTrue(out.toString(), out.toString().contains("hosts.quad-node.memory-bandwidth-gbps  12.000"));
    assertEquals(12.0, io.vstack.model.config.Scenario.load(Path.of("../../conf"), null, List.of("host=quad-node"),
        model).host().memoryGbps(), 1e-9);
  }

  @Test
  public void calibrateNeverOverwritesAndLeavesNoTemporaryFileBehind() throws Exception {
    Path dir = tmp.newFolder("out").toPath();
    Path existing = Files.writeString(dir.resolve("mine.conf"), "precious");
    String example = "../../conf/calibration-example.csv";
    assertEquals(2, vstack("calibrate", example, "--out", existing.toString()));
    assertEquals("precious", Files.readString(existing));
    assertTrue(err.toString(), err.toString().contains("--out " + existing + ": already exists; vstack never overwrites"));
    assertEquals(2, vstack("calibrate", example, "--out", dir.toString()));
    assertTrue(err.toString(), err.toString().contains("--out " + dir + ": already exists"));
    assertEquals(2, vstack("calibrate", example, "--out", dir.resolve("no-such-dir").resolve("m.conf").toString()));
    // fitted values the cost model refuses: a guest's qemu needing 2 s of CPU per second
    Path csv = Files.write(tmp.newFile("m.csv").toPath(), List.of("phase,guest_memory_mib,running_guests,duration_ms",
        "device_model_cpu,1024,1,2000", "device_model_cpu,1024,2,4000"));
    assertEquals(2, vstack("calibrate", csv.toString(), "--out", dir.resolve("new.conf").toString()));
    assertTrue(err.toString(), err.toString().contains("the fitted values do not make a valid cost model"));
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(existing), files.toList());
    }
    assertTrue(err.toString(), !err.toString().contains("\tat "));
  }

  @Test
  public void calibrateRejectsAnUnknownHostAndAFileWithoutMeasurements() throws Exception {
    Path model = tmp.getRoot().toPath().resolve("m.conf");
    assertEquals(2, vstack("calibrate", "../../conf/calibration-example.csv", "--host", "nope", "--out",
        model.toString()));
    assertTrue(err.toString(), err.toString().contains("known hosts: big-64, paper-2socket, quad-node"));
    Path header = Files.write(tmp.newFile("h.csv").toPath(),
        List.of("phase,guest_memory_mib,running_guests,duration_ms"));
    assertEquals(2, vstack("calibrate", header.toString(), "--out", model.toString()));
    assertTrue(err.toString(), err.toString().contains(header + ": no measurements"));
    assertTrue(!Files.exists(model));
    assertTrue(err.toString(), !err.toString().contains("\tat "));
  }

  /** A cluster runs a host scenario and a fleet to the local results (the fleet's files byte for byte). */
  @Test(timeout = 300_000)
  public void aLocalClusterComesUpRunsAScenarioAndAFleetAndGoesDownLeavingNoProcess() throws Exception {
    assertEquals(err.toString(), 0, vstack("cluster", "up", "--nodes", "2", "--heap", "512m"));
    com.fasterxml.jackson.databind.JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(ClusterCommand.stateFile().toFile());
    try {
      assertEquals(err.toString(), 0, vstack("cluster", "status"));
      assertTrue(out.toString(), out.toString().contains("process alive"));
      Path dir = tmp.getRoot().toPath().resolve("clustered");
      assertEquals(err.toString(), 0, vstack("run", "--cluster", state.path("seed").asText(), "--verify", "--set",
          "workload.guests=4", "--out", dir.toString()));
      assertTrue(out.toString().contains("local sequential run: identical"));
      assertTrue(Files.isRegularFile(dir.resolve("stock").resolve("lifecycle.csv")));
      Path local = tmp.getRoot().toPath().resolve("fleet-here");
      Path clustered = tmp.getRoot().toPath().resolve("fleet-there");
      List<String> fleet = List.of("run", "fleet-small", "--set", "fleet.hosts=4", "--set", "fleet.trace.max-vms=60");
      List<String> here = new ArrayList<>(fleet);
      here.addAll(List.of("--set", "name=fleet-here", "--out", local.toString()));
      assertEquals(err.toString(), 0, vstack(here.toArray(String[]::new)));
      List<String> there = new ArrayList<>(fleet);
      there.addAll(List.of("--set", "name=fleet-there", "--cluster", state.path("seed").asText(), "--verify",
          "--out", clustered.toString()));
      out.getBuffer().setLength(0);
      assertEquals(err.toString(), 0, vstack(there.toArray(String[]::new)));
      assertTrue(out.toString(), out.toString().contains("executor cluster: ")
          && out.toString().contains("local sequential run: identical"));
      for (String file : List.of("summary.json", "vms.csv")) {
        assertArrayEquals(file, Files.readAllBytes(local.resolve(file)), Files.readAllBytes(clustered.resolve(file)));
      }
    } finally {
      assertEquals(err.toString(), 0, vstack("cluster", "down"));
    }
    for (com.fasterxml.jackson.databind.JsonNode m : state.path("members")) {
      assertTrue("member process " + m.path("pid") + " is still alive",
          ProcessHandle.of(m.path("pid").asLong()).map(p -> !p.isAlive()).orElse(true));
    }
    assertTrue(!Files.exists(ClusterCommand.stateFile()));
  }

  /**
   * A clustered comparison gives the local run's results: the members build exactly the configurations the client
   * resolved, both sides of the comparison included (stock switches on a design whose shell pool no --set could pair
   * with them, issue 14 item 11), for every design of {@code conf/control-planes.conf}; and the client logs no
   * warning on the way (the logs of this JVM go to its console, which the test captures).
   */
  @Test(timeout = 600_000)
  public void aClusteredComparisonGivesTheLocalResults() throws Exception {
    assertEquals(err.toString(), 0, vstack("cluster", "up", "--nodes", "2", "--heap", "512m"));
    String seed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ClusterCommand.stateFile().toFile())
        .path("seed").asText();
    try {
      for (ControlPlane design : ControlPlane.load(Path.of("../../conf").resolve(ControlPlane.FILE))) {
        List<String> args = new ArrayList<>(List.of("run", "--compare", "--set", "workload.guests=4"));
        design.settings().forEach(setting -> args.addAll(List.of("--set", setting)));
        Path local = tmp.getRoot().toPath().resolve(design.name() + "-local");
        Path clustered = tmp.getRoot().toPath().resolve(design.name() + "-cluster");
        List<String> here = new ArrayList<>(args);
        here.addAll(List.of("--out", local.toString()));
        assertEquals(design.name() + ": " + err, 0, vstack(here.toArray(String[]::new)));
        List<String> there = new ArrayList<>(args);
        there.addAll(List.of("--cluster", seed, "--out", clustered.toString()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        System.setErr(System.out);
        try {
          assertEquals(design.name() + ": " + err, 0, vstack(there.toArray(String[]::new)));
        } finally {
          System.setOut(stdout);
          System.setErr(stderr);
        }
        assertEquals(design.name() + ": the client logged", List.of(), console.toString(StandardCharsets.UTF_8)
            .lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList());
        List<Path> sides;
        try (Stream<Path> dirs = Files.list(local)) {
          sides = dirs.filter(Files::isDirectory).map(Path::getFileName).sorted().toList();
        }
        assertEquals(design.name() + ": " + sides, 2, sides.size());
        for (Path side : sides) {
          for (String file : List.of("summary.json", "lifecycle.csv")) {
            assertEquals(design.name() + " " + side + " " + file, Files.readString(local.resolve(side).resolve(file)),
                Files.readString(clustered.resolve(side).resolve(file)));
          }
        }
      }
    } finally {
      assertEquals(err.toString(), 0, vstack("cluster", "down"));
    }
  }

  /**
   * A stale {@code cluster.json} whose members are long gone and whose PIDs another process now holds: {@code vstack
   * cluster down} kills a process only if its PID, start instant and command line all match the record, so a
   * {@code sleep} named there, under a member's command line or with another start instant, keeps running.
   */
  @Test(timeout = 60_000)
  public void clusterDownNeverKillsAProcessItCannotProveIsAMember() throws Exception {
    Process foreign = new ProcessBuilder("sleep", "600").start();
    try {
      RecordedProcess actual = RecordedProcess.of(foreign.toHandle()).orElseThrow();
      ObjectMapper json = new ObjectMapper();
      ObjectNode state = json.createObjectNode().put("seed", "127.0.0.1:1");
      ArrayNode members = state.putArray("members");
      for (RecordedProcess record : List.of(
          new RecordedProcess(actual.pid(), actual.started(), "/usr/bin/java io.vstack.cluster.NodeMain"),
          new RecordedProcess(actual.pid(), actual.started().minusSeconds(60), actual.commandLine()))) {
        members.addObject().put("pid", record.pid()).put("started", record.started().toString())
            .put("command", record.commandLine()).put("address", "akka://vstack@127.0.0.1:1")
            .put("port", 1).put("management", LocalCluster.freePort()).put("log", "node.log");
      }
      Files.createDirectories(ClusterCommand.stateDir());
      json.writeValue(ClusterCommand.stateFile().toFile(), state);
      assertEquals(err.toString(), 0, vstack("cluster", "down"));
      assertTrue("vstack cluster down killed a process it did not start", foreign.isAlive());
      assertEquals(out.toString(), 2, out.toString().lines().filter(l -> l.contains("left alone")).count());
      assertFalse(Files.exists(ClusterCommand.stateFile()));
    } finally {
      foreign.destroyForcibly();
    }
  }

  /** {@code vstack cluster keys DIR}: the key store and secret only their owner can read, never overwritten. */
  @Test(timeout = 60_000)
  public void clusterKeysAreOwnerOnlyAndNeverOverwritten() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("keys");
    assertEquals(err.toString(), 0, vstack("cluster", "keys", dir.toString()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    for (String file : List.of("cluster.p12", "cluster.secret")) {
      assertEquals(file, "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))));
    }
    byte[] store = Files.readAllBytes(dir.resolve("cluster.p12"));
    assertEquals(2, vstack("cluster", "keys", dir.toString()));
    assertTrue(err.toString(), err.toString().contains("never overwritten"));
    assertArrayEquals(store, Files.readAllBytes(dir.resolve("cluster.p12")));
  }
}
