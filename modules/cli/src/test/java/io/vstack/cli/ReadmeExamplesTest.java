package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * The README's {@code ./vstack} commands run, in the README's order, each as its own process the way the launcher
 * starts it, and the outputs the README shows are what vstack prints: the README cannot drift from the program.
 *
 * <p>Sizes are cut where the output is not shown, one rule per kind of command ({@link #asRun}); the commands that
 * cannot run here are listed with the reason ({@link #SKIPPED}); a command the README repeats runs once. Everything
 * runs in a temporary vstack home whose {@code conf} is the repository's, with a run catalogue of its own, so nothing
 * is written into the repository (validate writes into the home's {@code runs}, the others into the working
 * directory: the home too).
 */
public class ReadmeExamplesTest extends JUnitSuite {

  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

  private static final String CLUSTER = "a local cluster up, a run on it and down take about a minute here (56 s "
      + "measured with 2 members); CliTest.aLocalClusterComesUpRunsAScenarioAndGoesDownLeavingNoProcess runs them";
  private static final String RECORDED = "a cluster address or run id of the session the README recorded";

  /** The README's commands that cannot run here, as the README writes them, and why. */
  private static final Map<String, String> SKIPPED = Map.ofEntries(
      Map.entry("experiment trace-replay --set workload.trace.file=/data/azure/vmtable.csv"
          + " --set workload.trace.max-vms=20000 --set workload.trace.hosts=200"
          + " --set workload.trace.placement=least-loaded", "a real Azure trace the user downloads"),
      Map.entry("cluster up --nodes 3", CLUSTER),
      Map.entry("run --cluster 127.0.0.1:33331 --verify", CLUSTER),
      Map.entry("cluster status", CLUSTER),
      Map.entry("cluster down", CLUSTER),
      Map.entry("run --cluster 127.0.0.1:41703 --set workload.guests=3000 --set guest.memory-mib=64"
          + " --checkpoint-every 2s --out /tmp/vtest/cl", RECORDED),
      Map.entry("run --cluster 127.0.0.1:42117 --set workload.guests=3000 --set guest.memory-mib=64"
          + " --checkpoint-every 2s", RECORDED),
      Map.entry("run --resume storm-32-20261127-035943-14452 --cluster 127.0.0.1:42117", RECORDED),
      Map.entry("run --resume ck-20261127-012629-16733", RECORDED),
      Map.entry("bench fleet --hosts 0 --dense-hosts 0 --cluster-hosts 6000 --alone-hosts 2400 --member-heap 256m"
          + " --set fleet.host-slots=96", "three member JVMs for six minutes here; ThreeNodeClusterTest and "
          + "MemberLossTest run fleets on member JVMs"));

  /** How the README writes a path the user chooses, such as {@code /path/to/cluster-keys}. */
  private static final String PLACEHOLDER = "/path/to/";

  /** The README's excerpt of the slowest guest's critical path is of this command, which the README names only. */
  private static final String CRITICAL_PATH = "trace critical-path runs/storm-32-traced/stock";

  /**
   * The README's output blocks compared with what the command printed: a block is found by its first line (a
   * {@code $ ./vstack} line: the lines after it up to the next prompt), and the command is as the README writes it.
   */
  private static final List<Shown> SHOWN = List.of(
      new Shown("$ ./vstack run", "run"),
      new Shown("Destroying one guest", "experiment destroy-vs-memory"),
      new Shown("$ ./vstack calibrate", "calibrate conf/calibration-example.csv --out my-cost-model.conf"),
      new Shown("$ ./vstack validate", "validate"),
      new Shown("phase (ms)", "trace diff runs/storm-32-traced/stock runs/storm-32-traced/all-fixes"),
      new Shown("critical path of guest 31", CRITICAL_PATH + " slowest"),
      new Shown("$ ./vstack chaos --seed 7 --faults 6", "chaos --seed 7 --faults 6"));

  /** The runs whose outputs (or traces) the README shows run at full size. */
  private static final Set<String> FULL_SIZE = Set.of("run", "run --trace --out runs/storm-32-traced",
      "experiment destroy-vs-memory");

  /**
   * Commands that read only {@code conf} and write only their own directory: they run in README order on a second
   * lane, alongside the others (which depend on one another: calibrate before its cost model, a traced run before
   * the trace commands), so that the test takes about 100 s on two cores rather than 170 s.
   */
  private static final Set<String> SIDE_LANE = Set.of("experiment", "validate", "chaos");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private record Shown(String firstLine, String command) {
  }

  @Test(timeout = 600_000)
  public void theReadmesCommandsRunAndPrintWhatTheReadmeShows() throws Exception {
    List<String> readme = Files.readAllLines(REPO.resolve("README.md"));
    List<String> commands = ReadmeCommandsTest.commands(readme);
    Set<String> stale = new HashSet<>(SKIPPED.keySet());
    stale.removeAll(commands);
    assertEquals("skipped commands the README no longer shows", Set.of(), stale);

    Path home = tmp.newFolder("home").toPath();
    Files.createSymbolicLink(home.resolve("conf"), REPO.resolve("conf"));
    List<Map.Entry<String, Future<String>>> running = new ArrayList<>();
    ExecutorService sideLane = Executors.newSingleThreadExecutor();
    ExecutorService mainLane = Executors.newSingleThreadExecutor();
    try {
      for (String command : new LinkedHashSet<>(commands)) {
        if (SKIPPED.containsKey(command)) {
          continue;
        }
        ExecutorService lane = SIDE_LANE.contains(ReadmeCommandsTest.words(command).get(0)) ? sideLane : mainLane;
        running.add(Map.entry(command, lane.submit(() -> vstack(home, asRun(command)))));
        if (command.startsWith(CRITICAL_PATH + " ")) {
          String slowest = CRITICAL_PATH + " slowest";
          running.add(Map.entry(slowest, lane.submit(() -> vstack(home, asRun(slowest)))));
        }
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, Future<String>> command : running) {
        outputs.put(command.getKey(), outcome(command.getValue()));
      }
      assertTrue("only " + running.size() + " of the README's commands ran: " + outputs.keySet(),
          running.size() >= 24);
      for (Shown shown : SHOWN) {
        String output = outputs.get(shown.command());
        assertTrue("the README's output of '" + shown.command() + "' is of a command that did not run",
            output != null);
        assertShows(shown, shownLines(readme, shown.firstLine()), output.lines().toList());
      }
    } finally {
      sideLane.shutdownNow();
      mainLane.shutdownNow();
    }
  }

  private static String outcome(Future<String> command) throws InterruptedException {
    try {
      return command.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError failed) {
        throw failed;
      }
      throw new AssertionError(e.getCause());
    }
  }


  @Test
  public void shownOutputMatchesWholeUpToResultsOrByItsElidedParts() {
    Shown whole = new Shown("$ ./vstack x", "x");
    assertShows(whole, List.of("a", "b", "", "results: runs/x (wall 1 s)"), List.of("a", "b", "", "results: other"));
    Shown excerpt = new Shown("a", "x");
    assertShows(excerpt, List.of("a", "b", "  ...", "d"), List.of("header", "a", "b", "c", "d", "e"));
    assertFails(() -> assertShows(whole, List.of("a", "b"), List.of("a", "b", "c")));
    assertFails(() -> assertShows(excerpt, List.of("a", "c"), List.of("a", "b", "c")));
    assertFails(() -> assertShows(excerpt, List.of("b", "...", "a"), List.of("a", "b")));
  }

  @Test
  public void smallSizesFollowOneRulePerKindOfCommand() {
    assertEquals(List.of("run", "my.conf", "--set", "workload.guests=4"), asRun("run my.conf"));
    assertEquals(List.of("run"), asRun("run"));
    assertEquals(List.of("experiment", "ablation", "--quick"), asRun("experiment ablation"));
    assertEquals(List.of("experiment", "--list"), asRun("experiment --list"));
    assertEquals(List.of("trace", "summary", "runs/x/stock"), asRun("trace summary runs/x/stock"));
  }

  @Test
  public void placeholderPathsStayInsideTheTemporaryHome() {
    assertEquals(List.of("cluster", "keys", "path/to/cluster-keys"), asRun("cluster keys /path/to/cluster-keys"));
  }

  /**
   * The command as the test runs it: {@code run} on 4 guests (a later {@code --set} wins) and {@code experiment} with
   * {@code --quick}, unless the README shows its output ({@link #FULL_SIZE}: the default run takes seconds);
   * everything else (calibrate, validate, trace, runs, chaos) as written, since it is quick at the README's size.
   * A placeholder path ({@link #PLACEHOLDER}) becomes relative, inside the temporary home: a test never writes
   * outside its own directory.
   */
  static List<String> asRun(String command) {
    List<String> args = new ArrayList<>(ReadmeCommandsTest.words(command).stream()
        .map(word -> word.startsWith(PLACEHOLDER) ? word.substring(1) : word).toList());
    if (FULL_SIZE.contains(command)) {
      return args;
    }
    if (args.get(0).equals("run")) {
      args.addAll(List.of("--set", "workload.guests=4"));
    } else if (args.get(0).equals("experiment") && !args.contains("--list")) {
      args.add("--quick");
    }
    return args;
  }

  /**
   * The README's output of the block starting with {@code firstLine}: the rest of a {@code $} block up to the next
   * prompt, or the whole block otherwise.
   */
  private static List<String> shownLines(List<String> readme, String firstLine) {
    boolean inBlock = false;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      if (line.startsWith("```")) {
        inBlock = !inBlock;
      } else if (inBlock && line.startsWith(firstLine)) {
        boolean prompt = line.startsWith("$ ");
        List<String> shown = new ArrayList<>();
        for (int j = prompt ? i + 1 : i; !readme.get(j).startsWith("```") && !readme.get(j).startsWith("$ "); j++) {
          shown.add(readme.get(j));
        }
        return shown;
      }
    }
    throw new AssertionError("the README has no code block line starting with '" + firstLine + "'");
  }

  /**
   * A {@code $} block without elisions is the whole output up to its {@code results:} line (which holds wall times
   * and the run directory); any other block is an excerpt: each stretch between its {@code ...} lines appears in the
   * output as consecutive lines, in the README's order.
   */
  private static void assertShows(Shown shown, List<String> readme, List<String> output) {
    List<String> expected = upToResults(readme);
    String message = "the README's output of './vstack " + shown.command() + "' (block '" + shown.firstLine()
        + "') is not what it prints; it prints:\n" + String.join("\n", output) + "\n";
    if (shown.firstLine().startsWith("$ ") && expected.stream().noneMatch(ReadmeExamplesTest::elision)) {
      assertEquals(message, String.join("\n", expected), String.join("\n", upToResults(output)));
      return;
    }
    int from = 0;
    List<String> stretch = new ArrayList<>();
    for (String line : append(expected, "...")) {
      if (!elision(line)) {
        stretch.add(line);
        continue;
      }
      int at = indexOf(output, stretch, from);
      if (at < 0) {
        Assert.fail(message + "\nmissing, in this order:\n" + String.join("\n", stretch));
      }
      from = at + stretch.size();
      stretch.clear();
    }
  }

  private static boolean elision(String line) {
    return line.strip().equals("...");
  }

  private static List<String> append(List<String> lines, String line) {
    List<String> all = new ArrayList<>(lines);
    all.add(line);
    return all;
  }

  private static int indexOf(List<String> output, List<String> stretch, int from) {
    for (int i = from; i + stretch.size() <= output.size(); i++) {
      if (output.subList(i, i + stretch.size()).equals(stretch)) {
        return i;
      }
    }
    return -1;
  }

  /** The lines before a {@code results:} line, without trailing blank lines. */
  private static List<String> upToResults(List<String> lines) {
    int end = 0;
    while (end < lines.size() && !lines.get(end).startsWith("results:")) {
      end++;
    }
    while (end > 0 && lines.get(end - 1).isBlank()) {
      end--;
    }
    return lines.subList(0, end);
  }

  private static void assertFails(Runnable check) {
    try {
      check.run();
    } catch (AssertionError expected) {
      return;
    }
    Assert.fail("expected a mismatch");
  }

  /** Runs vstack with {@code args} in {@code home} as the launcher would, expecting exit 0; its stdout. */
  private static String vstack(Path home, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xss4m",
        "-Dslf4j.internal.verbosity=ERROR", "-Djava.awt.headless=true", "-Dvstack.stderr.terminal=false",
        "-Dconfig.file=" + REPO.resolve("conf/application.conf"),
        "-Dlogback.configurationFile=" + REPO.resolve("conf/logback.xml"), "-Dvstack.home=" + home, "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Path out = Files.createTempFile(home, "stdout", ".txt");
    Path err = Files.createTempFile(home, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().remove("VSTACK_CATALOGUE_URL");
    builder.environment().put("VSTACK_CATALOGUE_DIR", home.resolve("catalogue").toString());
    Process process = builder.start();
    try {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        Assert.fail("./vstack " + String.join(" ", args) + " did not end within 180 s; stderr:\n"
            + Files.readString(err));
      }
    } finally {
      process.destroyForcibly();
    }
    assertEquals("./vstack " + String.join(" ", args) + " failed; stderr:\n" + Files.readString(err), 0,
        process.exitValue());
    return Files.readString(out);
  }
}
