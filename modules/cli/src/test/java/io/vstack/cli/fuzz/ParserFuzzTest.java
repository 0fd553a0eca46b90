package io.vstack.cli.fuzz;

import static org.junit.Assert.assertEquals;

import io.vstack.model.calibrate.Calibration;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.trace.TraceFilter;
import io.vstack.workload.vmtrace.AzureVmTable;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Every parser of user input, fed 10,000 seeded mutations of valid inputs, ends in a result or in its user-error
 * type (the one the CLI reports as bad input, exit 2) with a message, never in another exception; and none of them
 * writes a file. Deterministic: a failure names the input, which reproduces it.
 */
public class ParserFuzzTest extends JUnitSuite {
  private static final int INPUTS = 10_000;
  private static final Path CONF = Path.of("../../conf");

  /** Parsers of files read them from memory where there is a memory file system: 20,000 files are written. */
  @Rule
  public TemporaryFolder tmp = Files.isDirectory(Path.of("/dev/shm")) ? new TemporaryFolder(new File("/dev/shm"))
      : new TemporaryFolder();

  /** A parser under test: returns normally or throws. */
  @FunctionalInterface
  private interface Parser {
    void parse(String input) throws Exception;
  }

  /** Feeds {@link #INPUTS} mutations to {@code parser}; every outcome but success or {@code userError} is listed. */
  private static void fuzz(long seed, List<String> seeds, List<String> tokens, Class<? extends Exception> userError,
      Parser parser) {
    Mutator inputs = new Mutator(seed, seeds, tokens);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < INPUTS && wrong.size() < 5; i++) {
      String input = inputs.next();
      try {
        parser.parse(input);
      } catch (Exception e) {
        if (e.getClass() != userError || e.getMessage() == null || e.getMessage().isBlank()) {
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          wrong.add("input " + i + " of seed " + seed + " " + (input.length() < 400 ? quoted(input) : "") + ":\n"
              + trace.toString().lines().limit(5).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
      }
    }
    assertEquals(String.join("\n\n", wrong), List.of(), wrong);
  }

  private static String quoted(String input) {
    StringBuilder out = new StringBuilder("\"");
    input.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
    return out.append('"').toString();
  }

  private static List<String> files(Path dir, String glob) throws IOException {
    List<String> out = new ArrayList<>();
    try (var listed = Files.newDirectoryStream(dir, glob)) {
      for (Path p : listed) {
        out.add(Files.readString(p));
      }
    }
    return out;
  }

  /** Every path under the repository's root, but build output, to show that fuzzing wrote nothing there. */
  private static List<Path> repositoryFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(Path.of("../.."))) {
      return walk.filter(p -> !p.toString().contains("/target") && !p.toString().contains("/.git")).sorted()
          .toList();
    }
  }

  @Test(timeout = 300_000)
  public void parsersEndInAResultOrTheirUserErrorAndWriteNothing() throws Exception {
    List<Path> before = repositoryFiles();
    scenarioFiles();
    faultSpecs();
    traceFilters();
    azureVmTables();
    calibrationCsvs();
    assertEquals(before, repositoryFiles());
  }

  private void scenarioFiles() throws IOException {
    List<String> seeds = files(CONF.resolve("scenarios"), "*.conf");
    Path file = tmp.newFile("fuzz.conf").toPath();
    fuzz(1, seeds, List.of("{", "}", "[", "]", " = ", ":", ",", "\"", "\n", "${scenario.seed}", "${?nothing}",
        "${scenario}", "include \"nothing.conf\"", "1e400", "-1", "0", "NaN", "on", "off", "10ms", "null", "true",
        "name = \"..\"", "faults = [{type = guest-crash, at = 1s, guest = 0}]", "faults = [1, {}]", "+=",
        "host = paper-2socket", "guests = 2147483648", "memory-mib = 9e18", "pattern = ", "trace {}",
        "toolstack.mode = parallel\n", "/* */", "#", "//", "\"\"\"", "scenario.name = x"),
        InvalidConfig.class, text -> {
          Files.writeString(file, text);
          Scenario.load(CONF, file, List.of());
        });
  }

  private void faultSpecs() {
    fuzz(2, List.of("xenstored-restart@2s,shard=0,downtime=500ms", "guest-crash@1s,guest=3",
        "memory-pressure@0s,node=0,mib=60000,duration=30s", "pcpu-offline@1s,pcpu=5,duration=2s",
        "toolstack-crash@1s,worker=2,restart=1s", ",", "@"),
        List.of("@", ",", "=", "shard", "downtime", "guest", "node", "mib", "duration", "pcpu", "worker", "restart",
            "type", "at", "1s", "-1", "\"", "{", "}", "${x}", "\n", "#", "9999999999999999999", "1e99", ".", "[",
            "]", "guest-crash", "include \"x\""),
        InvalidConfig.class, FaultSpec::parse);
  }

  private void traceFilters() {
    fuzz(3, List.of("kind=pcpu,worker; type=Pcpu.Run; guest=0,3; from=1s; to=20s", "from=1.5s", "guest=2; to=2s",
        "kind=shard; type=Xs.Request,Xs.Reply"),
        List.of(";", "=", ",", "kind", "type", "guest", "from", "to", "pcpu", "worker", "1.5s", "ms", "us", "NaN",
            "Infinity", "-", "1e400", "99999999999", "0x10", " "),
        TraceFilter.BadFilter.class, TraceFilter::parse);
  }

  private void azureVmTables() throws IOException {
    List<String> rows = Files.readAllLines(CONF.resolve("traces").resolve("azure-sample.csv"));
    List<String> seeds = List.of(String.join("\n", rows.subList(0, 3)), String.join("\n", rows.subList(3, 5)),
        rows.get(5));
    Path file = tmp.newFile("vmtable.csv").toPath();
    fuzz(4, seeds, List.of(",", "\n", ">24", ">64", "2", "300", "-1", "NaN", "1e400", "\"", "\r", "Infinity",
        "99999999999999999999"),
        AzureVmTable.BadTrace.class, text -> {
          Files.writeString(file, text);
          AzureVmTable.read(file, 0);
        });
  }

  private void calibrationCsvs() throws IOException {
    Scenario current = Scenario.load(CONF, null, List.of());
    List<String> seeds = List.of(Files.readString(CONF.resolve("calibration-example.csv")));
    Path file = tmp.newFile("measurements.csv").toPath();
    fuzz(5, seeds, List.of(",", "\n", "parse", "build", "populate", "name_check", "scrub_local", "kernel_boot",
        "scrub_node", "scrub_remote", "release", "device_model_spawn", "pygrub", "-1", "0", "NaN", "Infinity", "1e400",
        "1e-300", "\"", "\r"),
        Calibration.BadMeasurements.class, text -> {
          Files.writeString(file, text);
          Calibration.fit(file, current.cost(), current.host());
        });
  }
}
