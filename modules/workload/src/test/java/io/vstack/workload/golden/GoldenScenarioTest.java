package io.vstack.workload.golden;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Phase;
import io.vstack.workload.ScenarioFiles;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.experiment.ControlPlane;
import io.vstack.workload.fleet.FleetScenario;
import io.vstack.workload.golden.GoldenLog.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Golden scenarios in the SimGrid style: every scenario of {@code conf/scenarios} with a log in {@code
 * conf/scenarios/golden} must log exactly that on every executor setup. To rewrite the logs after an intended change
 * of behaviour, run this test with {@code -Dvstack.golden.write=true} (the sequential run writes them, the other
 * setups are still compared) and review {@code git diff conf/scenarios/golden}. The other tests say what each
 * scenario shows.
 */
public class GoldenScenarioTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  private static final Path CONF = Path.of("../../conf");
  private static final Path GOLDEN = CONF.resolve(ScenarioFiles.DIR).resolve("golden");
  private static final String WRITE = "vstack.golden.write";
  private static final String REGENERATE = "mvn -B -pl modules/workload -am test -Dtest=GoldenScenarioTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true";

  /** The README's worked example: 32 guests, far more than a golden log's few dozen lines. */
  private static final Set<String> WITHOUT_GOLDEN_LOG = Set.of("default");

  @Test(timeout = 300_000)
  public void everyGoldenScenarioLogsExactlyItsGoldenLogOnEveryExecutor() throws IOException {
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    List<String> failures = new ArrayList<>();
    boolean write = Boolean.getBoolean(WRITE);
    // writing covers scenarios without a log yet
    for (String name : write ? goldenScenarioNames() : goldenLogNames()) {
      Path file = GOLDEN.resolve(name + ".log");
      Scenario scenario = scenario(name);
      // each log seen, with the executor setups that logged it: a change shows once, not once per setup
      Map<String, List<String>> logs = new LinkedHashMap<>();
      for (int i = 0; i < executors.size(); i++) {
        ScenarioRun run = ScenarioRun.run(scenario, executors.get(i));
        assertEquals(name, List.of(), run.violations());
        String actual = GoldenLog.of(run).text();
        if (i == 0 && write) {
          Files.writeString(file, actual);
        }
        logs.computeIfAbsent(actual, a -> new ArrayList<>()).add(ExecutorsUnderTest.describe(executors.get(i), i));
      }
      String expected = Files.readString(file);
      logs.forEach((actual, setups) -> {
        if (!actual.equals(expected)) {
          failures.add(file + " differs on " + String.join(", ", setups) + " (- golden, + this run):\n"
              + LineDiff.of(expected.lines().toList(), actual.lines().toList()));
        }
      });
    }
    assertTrue(String.join("\n", failures) + "\nIf the change of behaviour is intended, rewrite the logs with\n  "
        + REGENERATE + "\nand review git diff conf/scenarios/golden", failures.isEmpty());
  }

  @Test
  public void everyScenarioHasAGoldenLogAndEveryGoldenLogAScenario() throws IOException {
    assertEquals("scenarios of " + CONF.resolve(ScenarioFiles.DIR) + " against the logs of " + GOLDEN
        + " (write a missing log with " + REGENERATE + ")", goldenScenarioNames(), goldenLogNames());
  }

  @Test
  public void everyDesignScenarioAppliesItsControlPlaneDesign() {
    for (ControlPlane design : ControlPlane.load(CONF.resolve(ControlPlane.FILE))) {
      String name = "design-" + design.name();
      Scenario scenario = scenario(name);
      Scenario redesigned = Scenario.load(CONF, ScenarioFiles.file(CONF, name), design.settings());
      assertEquals(name, redesigned.switches(), scenario.switches());
    }
  }

  @Test
  public void serializedBootRunsCreationsOneAfterAnother() {
    GoldenLog log = log("boot-serialized");
    for (int g = 1; g < 3; g++) {
      // xl holds its global lock until the devices are up; the next creation waits that long on xl_lock
      assertTrue(log.phase(g, Step.create_phase, Phase.xl_lock).at()
          >= log.phase(g - 1, Step.create_phase, Phase.devices).at());
    }
  }

  @Test
  public void parallelBootTakesNoGlobalLockAndOverlapsTheCreations() {
    GoldenLog log = log("boot-parallel");
    assertTrue(log.events().stream().noneMatch(e -> e.phase() == Phase.xl_lock));
    long first = log.of(0, Step.create_done).get(0).at();
    for (int g = 1; g < 3; g++) {
      assertTrue(log.phase(g, Step.create_phase, Phase.build).at() < first);
    }
  }

  @Test
  public void xenstoreNameChecksGrowWithRunningGuestsWithoutTheCacheAndStayFlatWithIt() {
    GoldenLog growth = log("xenstore-growth");
    GoldenLog cached = log("xenstore-cache");
    for (int g = 1; g < 4; g++) {
      assertTrue(nameCheck(growth, g) > nameCheck(growth, g - 1));
    }
    // the first check fills the cache; every later one is a hit
    for (int g = 2; g < 4; g++) {
      assertEquals(nameCheck(cached, 1), nameCheck(cached, g));
    }
  }

  @Test
  public void localScrubbingFinishesDestroyBeforeRemote() {
    GoldenLog remote = log("scrub-remote");
    GoldenLog local = log("scrub-local");
    for (int g = 0; g < 2; g++) {
      assertTrue(scrub(local, g) < scrub(remote, g));
      assertTrue(local.of(g, Step.destroy_done).get(0).at() < remote.of(g, Step.destroy_done).get(0).at());
    }
  }

  @Test
  public void theFaultMixKillsOneCreationCrashesOneGuestAndCostsOneTransaction() {
    GoldenLog log = log("fault-mix");
    assertEquals(FaultSpec.Type.values().length, log.of(GoldenLog.HOST, Step.fault).size());
    assertEquals(1, log.of(1, Step.create_failed).size());
    assertEquals(List.of(), log.of(2, Step.running));
    assertEquals(1, log.of(2, Step.crashed).size());
    assertTrue(log.of(2, Step.create_done).get(0).text().endsWith("1 Xenstore retry"));
  }

  @Test
  public void idleScrubbingReturnsDestroyBeforeMemoryIsClean() {
    RunSummary summary = ScenarioRun.run(scenario("design-xen-4.10"), new SequentialExecutor()).summary();
    assertTrue(summary.memoryCleanMs() > summary.destroyMakespanMs());
  }

  @Test
  public void lightvmFinishesEveryCreationFromAPreparedShell() {
    GoldenLog log = log("design-lightvm");
    for (int g = 0; g < 3; g++) {
      assertTrue(log.of(g, Step.create_done).get(0).text().endsWith("from a prepared shell"));
    }
  }

  private static long nameCheck(GoldenLog log, int guest) {
    return log.phase(guest, Step.create_phase, Phase.name_check).took();
  }

  private static long scrub(GoldenLog log, int guest) {
    return log.phase(guest, Step.destroy_phase, Phase.scrub).took();
  }

  private static GoldenLog log(String name) {
    return GoldenLog.of(ScenarioRun.run(scenario(name), new SequentialExecutor()));
  }

  private static Scenario scenario(String name) {
    return Scenario.load(CONF, ScenarioFiles.file(CONF, name), List.of());
  }

  private static List<String> goldenScenarioNames() {
    // a fleet scenario is many hosts behind a controller, not one host's golden log: FleetTest checks it
    return ScenarioFiles.names(CONF).stream().filter(n -> !WITHOUT_GOLDEN_LOG.contains(n))
        .filter(n -> !FleetScenario.is(ScenarioFiles.file(CONF, n))).toList();
  }

  private static List<String> goldenLogNames() throws IOException {
    try (Stream<Path> logs = Files.list(GOLDEN)) {
      return logs.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".log"))
          .map(f -> f.substring(0, f.length() - ".log".length())).sorted().toList();
    }
  }
}
