package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Bad names, outputs that exist and failing writes: each is refused or reported in one line (exit 2 for bad input,
 * 1 for a failed system call) with no stack trace unless {@code --debug}, and leaves nothing behind.
 */
public class BadInputTest extends JUnitSuite {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void pointAtTheRepositoryConf() {
    System.setProperty("vstack.home", "../..");
  }

  private int vstack(String... args) {
    err.getBuffer().setLength(0);
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private List<String> files() throws Exception {
    try (var walk = Files.walk(tmp.getRoot().toPath())) {
      return walk.map(p -> tmp.getRoot().toPath().relativize(p).toString()).sorted().toList();
    }
  }

  private void assertNoStackTrace() {
    assertFalse(err.toString(), err.toString().contains("\tat "));
  }

  @Test
  public void aScenarioNameThatWouldLeaveHideOrBeNoDirectoryIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path outside = Path.of("../../newdir-outside");
    for (String name : List.of("../../newdir-outside/x", "", ".hidden", "a/b")) {
      assertEquals(name, 2, vstack("run", "--set", "name=" + name, "--set", "workload.guests=2"));
      assertTrue(err.toString(), err.toString().contains("vstack: command line: scenario.name = '" + name
          + "': must be one or more of A-Z a-z 0-9 . _ -, not starting with '.'"));
      assertNoStackTrace();
    }
    assertFalse(Files.exists(outside));
    Path scenario = tmp.getRoot().toPath().resolve("escape.conf");
    Files.writeString(scenario, Files.readString(Path.of("../../conf/scenarios/default.conf"))
        .replace("name = \"storm-32\"", "name = \"../escape\""));
    assertEquals(2, vstack("run", scenario.toString()));
    assertTrue(err.toString(), err.toString().contains(scenario + ": 4: scenario.name = '../escape'"));
  }

  @Test
  public void aResumeIdThatIsNotARunIdIsRefused() {
    assertEquals(2, vstack("run", "--resume", "../../x"));
    assertTrue(err.toString(), err.toString().contains("--resume: '../../x' is not a run id"));
  }

  @Test
  public void anExistingOutIsNeverOverwrittenByAnExperimentCalibrationOrSampleTrace() throws Exception {
    Path taken = tmp.newFile("taken.conf").toPath();
    Files.writeString(taken, "mine");
    Path dir = tmp.newFolder("taken-dir").toPath();
    assertEquals(2, vstack("experiment", "ablation", "--quick", "--out", dir.toString()));
    assertTrue(err.toString(), err.toString().contains("--out " + dir + ": already exists"));
    for (Path target : List.of(taken, dir)) {
      assertEquals(2, vstack("calibrate", "../../conf/calibration-example.csv", "--out", target.toString()));
      assertTrue(err.toString(), err.toString().contains("--out " + target + ": already exists; vstack never "
          + "overwrites a file"));
      assertEquals(2, vstack("sample-trace", "--vms", "5", "--out", target.toString()));
      assertTrue(err.toString(), err.toString().contains("--out " + target + ": already exists"));
    }
    assertEquals("mine", Files.readString(taken));
    assertEquals(List.of("", "taken-dir", "taken.conf"), files());
  }

  @Test
  public void aMalformedTraceRowIsBadInputWithFileLineAndColumnAndAStackTraceOnlyWithDebug() throws Exception {
    Path trace = tmp.newFile("vmtable.csv").toPath();
    Files.writeString(trace, "a,s,d,0,300,1,1,1,Unknown,2,2\na,s,d,soon,300,1,1,1,Unknown,2,2\n");
    Path results = tmp.getRoot().toPath().resolve("replay");
    String[] args = {"experiment", "trace-replay", "--quick", "--set", "workload.trace.file=" + trace, "--out",
        results.toString()};
    assertEquals(2, vstack(args));
    assertTrue(err.toString(), err.toString().startsWith("vstack: " + trace + ":2:7: vmcreated 'soon' is not a "
        + "whole number of seconds"));
    assertNoStackTrace();
    String[] debug = new String[args.length + 1];
    debug[0] = "--debug";
    System.arraycopy(args, 0, debug, 1, args.length);
    assertEquals(2, vstack(debug));
    assertTrue(err.toString(), err.toString().contains("\tat io.vstack.workload.vmtrace.AzureVmTable"));
    assertEquals(List.of("", "vmtable.csv"), files());
  }

  @Test
  public void aFailedWriteSaysWhatFailedOnWhichPathWithoutAStackTrace() {
    assertEquals(1, vstack("calibrate", "../../conf/calibration-example.csv", "--out", "/proc/vstack-cost.conf"));
    assertTrue(err.toString(), err.toString().startsWith("vstack: writing the cost model /proc/vstack-cost.conf: "
        + "/proc/.cost-model"));
    assertNoStackTrace();
  }

  @Test
  public void benchFleetRefusesAnAloneFleetWithoutAClusterOneAndNegativeSizesBeforeRunningAnything() {
    for (String[] args : List.of(new String[] {"--alone-hosts", "10"},
        new String[] {"--cluster-hosts", "-3"}, new String[] {"--dense-drain", "100"}, new String[] {"--rounds", "0"},
        new String[] {"--executors", "sequential,partitioned,sequential"})) {
      List<String> command = new ArrayList<>(List.of("bench", "fleet", "--hosts", "0", "--dense-hosts", "0"));
      command.addAll(List.of(args));
      assertEquals(String.join(" ", args), 2, vstack(command.toArray(String[]::new)));
      assertTrue(err.toString(), err.toString().contains(args[0]));
      assertNoStackTrace();
    }
    assertEquals("nothing ran, nothing printed", "", out.toString());
  }

  @Test
  public void benchModelRefusesNoRoundsAndATwiceNamedExecutorBeforeRunningAnything() {
    for (String[] args : List.of(new String[] {"--rounds", "0"}, new String[] {"--executors", "actor,actor"})) {
      List<String> command = new ArrayList<>(List.of("bench", "model", "--guests", "10"));
      command.addAll(List.of(args));
      assertEquals(String.join(" ", args), 2, vstack(command.toArray(String[]::new)));
      assertTrue(err.toString(), err.toString().contains(args[0]));
      assertNoStackTrace();
    }
    assertEquals("nothing ran, nothing printed", "", out.toString());
  }
}
