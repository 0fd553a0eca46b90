package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.cli.LocalCluster;
import io.vstack.cli.Main;
import io.vstack.cluster.ClusterKeys;
import io.vstack.cluster.ListeningSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Faults around a {@code vstack run} process: the process killed mid-run, its run catalogue unreachable or
 * corrupted, several runs recording themselves in one catalogue at once.
 */
public class RunProcessFaultTest extends JUnitSuite {
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  /** A stock-vs-fixes storm that runs for half a minute (about 15 s per configuration on a 2-core machine). */
  private static final String[] LONG_RUN = {"--set", "workload.guests=10000", "--set", "guest.memory-mib=8", "--set",
      "guest.vifs=4", "--set", "guest.vbds=4"};

  /** A stock-vs-fixes storm long enough to be stopped by a signal after its first checkpoint. */
  private static final String[] SIGNALLED = {"--set", "name=signalled", "--set", "workload.guests=1500", "--set",
      "guest.memory-mib=16"};

  @Rule
  public final TemporaryFolder tmp = new TemporaryFolder();

  private static Process vstack(Path workDir, Path log, String... args) throws IOException {
    return vstack(workDir, log, Map.of(), args);
  }

  /** {@code vstack} in {@code workDir}, with a run catalogue of that directory's own (unless {@code env} says). */
  private static Process vstack(Path workDir, Path log, Map<String, String> env, String... args)
      throws IOException {
    Map<String, String> all = new java.util.HashMap<>(Map.of("VSTACK_CATALOGUE_DIR",
        workDir.resolve("runs/catalogue").toString()));
    all.putAll(env);
    return vstack(HOME, workDir, log, all, args);
  }

  /** {@code vstack} installed in {@code home} (whose {@code conf/} it reads), started in {@code workDir}. */
  private static Process vstack(Path home, Path workDir, Path log, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xss4m", "-Dslf4j.internal.verbosity=ERROR", "-Dconfig.file=" + HOME.resolve("conf/application.conf"),
        "-Dlogback.configurationFile=" + HOME.resolve("conf/logback.xml"), "-Dvstack.home=" + home, "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().remove("VSTACK_CATALOGUE_DIR");
    builder.environment().remove("VSTACK_CATALOGUE_URL");
    builder.environment().putAll(env);
    return builder.start();
  }

  /** A vstack installation of its own: the repository's {@code conf/}, and its own (default) run catalogue. */
  private Path home() throws IOException {
    Path home = tmp.newFolder("home").toPath();
    Files.createSymbolicLink(home.resolve("conf"), HOME.resolve("conf"));
    return home;
  }

  /**
   * Eight {@code vstack run} processes started together, each recording itself in the same catalogue (the default
   * one, under vstack's home): all complete, none warns that it is not recorded, none listens on a network
   * address meanwhile, and {@code vstack runs} started in another directory lists all eight as complete.
   */
  @Test(timeout = 600_000)
  public void eightConcurrentRunsAllCompleteAndAreListedCompleteFromAnyDirectory() throws Exception {
    Path home = home();
    Path work = tmp.newFolder("concurrent").toPath();
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runs.add(vstack(home, work, work.resolve("run-" + i + ".log"), Map.of(), "run", "--set",
          "workload.guests=4", "--set", "name=concurrent" + i, "--out", work.resolve("out-" + i).toString()));
    }
    List<String> listening = new ArrayList<>();
    while (runs.stream().anyMatch(Process::isAlive)) {
      for (Process run : runs.stream().filter(Process::isAlive).toList()) {
        ListeningSockets.of(run.pid()).stream().filter(socket -> !socket.getAddress().isLoopbackAddress())
            .forEach(socket -> listening.add(run.pid() + " " + socket));
      }
      Thread.sleep(200);
    }
    assertEquals("listening on a network address during a run", List.of(), listening);
    for (int i = 0; i < 8; i++) {
      String output = Files.readString(work.resolve("run-" + i + ".log"));
      assertEquals(output, 0, runs.get(i).waitFor());
      assertFalse(output, output.contains("warning"));
    }
    Path elsewhere = tmp.newFolder("elsewhere").toPath();
    Path log = elsewhere.resolve("runs.log");
    Process list = vstack(home, elsewhere, log, Map.of(), "runs");
    assertTrue(list.waitFor(120, TimeUnit.SECONDS));
    List<String> listed = Files.readAllLines(log).stream().filter(l -> l.startsWith("concurrent")).toList();
    assertEquals(String.join("\n", listed), 8, listed.stream().filter(l -> l.contains(" complete ")).count());
  }

  /**
   * A corrupted catalogue: {@code vstack runs} fails in seconds naming the file, without a stack trace, and
   * {@code vstack run} says so as quickly and still completes (the catalogue is bookkeeping).
   */
  @Test(timeout = 300_000)
  public void aCorruptedCatalogueIsNamedAtOnceByRunsAndRun() throws Exception {
    Path home = home();
    Path file = home.resolve("runs/catalogue/catalogue.mv.db");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not a database ".repeat(2000));
    Path log = home.resolve("runs.log");
    Process list = vstack(home, home, log, Map.of(), "runs");
    assertTrue(list.waitFor(120, TimeUnit.SECONDS));
    String output = Files.readString(log);
    assertEquals(output, 1, list.exitValue());
    assertTrue(output, output.contains("vstack: run catalogue " + file + ": File corrupted"));
    assertFalse(output, output.contains("\tat "));

    Path runLog = home.resolve("run.log");
    Process run = vstack(home, home, runLog, Map.of(), "run", "--set", "workload.guests=2", "--out",
        home.resolve("out").toString());
    assertTrue(run.waitFor(120, TimeUnit.SECONDS));
    String ran = Files.readString(runLog);
    assertEquals(ran, 0, run.exitValue());
    assertTrue(ran, ran.contains("vstack: warning: run catalogue unavailable, this run is not recorded: run "
        + "catalogue " + file + ": File corrupted"));
  }

  /** {@code vstack runs} in its own process, as a user would type it while the run goes on or after. */
  private static List<String> runs(Path workDir) throws Exception {
    Path log = Files.createTempFile(workDir, "runs", ".txt");
    Process p = vstack(workDir, log, "runs");
    assertTrue("vstack runs did not finish", p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(Files.readString(log), 0, p.exitValue());
    return Files.readAllLines(log).stream().filter(l -> l.startsWith("killed-")).toList();
  }

  /**
   * Killed with SIGKILL, as a crashed machine would end it: the catalogue (read by another process) lists the run
   * as interrupted, never as complete, and no half-written results directory appears where the results were to go.
   */
  @Test(timeout = 300_000)
  public void aRunKilledMidWayIsListedAsInterruptedAndLeavesNoResults() throws Exception {
    Path work = tmp.newFolder("work").toPath();
    Path out = work.resolve("results");
    Process run = vstack(work, work.resolve("run.log"), "run", "--set", "name=killed", "--set",
        "workload.guests=60000", "--set", "guest.memory-mib=16", "--out", out.toString());
    List<String> listed = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (listed.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      listed = runs(work);
    }
    assertEquals("the run is in the catalogue while it runs", 1, listed.size());
    assertTrue(listed.get(0), listed.get(0).contains(" running "));
    assertTrue("the run ended before the fault: make the scenario longer", run.isAlive());
    run.destroyForcibly();
    assertTrue(run.waitFor(30, TimeUnit.SECONDS));
    assertEquals("SIGKILL", 128 + 9, run.exitValue());

    List<String> after = runs(work);
    assertEquals(1, after.size());
    assertTrue(after.get(0), after.get(0).contains(" interrupted "));
    assertFalse(after.get(0), after.get(0).contains(" complete "));
    assertFalse("no results where the killed run was to put them", Files.exists(out));
  }

  /** Waits until {@code log} has a line starting with {@code prefix} and returns the rest of that line. */
  private static String awaitLine(Path log, String prefix, Process process) throws Exception {
    int at = awaitLine(log, prefix, 0, process);
    return Files.readAllLines(log).get(at).substring(prefix.length()).trim();
  }

  /** Waits until {@code log} has a line starting with {@code prefix} at or after line {@code from}; its index. */
  private static int awaitLine(Path log, String prefix, int from, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(log);
      for (int i = from; i < lines.size(); i++) {
        if (lines.get(i).startsWith(prefix)) {
          return i;
        }
      }
      assertTrue("the process ended before printing '" + prefix + "':\n" + Files.readString(log),
          process.isAlive());
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + prefix + "' within 120 s:\n" + Files.readString(log));
  }

  private static void sameFiles(Path expected, Path actual) throws IOException {
    List<Path> files;
    try (var walk = Files.walk(expected)) {
      files = walk.filter(Files::isRegularFile).map(expected::relativize)
          .filter(p -> !p.getFileName().toString().equals("run-info.json")).sorted().toList();
    }
    assertTrue("the reference run wrote its summary", files.contains(Path.of("stock", "summary.json")));
    for (Path f : files) {
      assertTrue(f + " is missing", Files.isRegularFile(actual.resolve(f)));
      assertTrue(f + " differs", java.util.Arrays.equals(Files.readAllBytes(expected.resolve(f)),
          Files.readAllBytes(actual.resolve(f))));
    }
  }

  /**
   * Killed with SIGKILL after its first checkpoint, a traced stock-vs-fixes run is continued with
   * {@code vstack run --resume}: it picks up from the checkpoint, and every result file and the trace are
   * byte-identical to those of a run that was never interrupted (and never checkpointed).
   */
  @Test(timeout = 300_000)
  public void aRunKilledAfterACheckpointResumesToByteIdenticalResultsAndTrace() throws Exception {
    killAndResume(tmp.newFolder("resume").toPath(), Map.of());
  }

  /**
   * The same kill and resume with the run catalogue and the checkpoints in PostgreSQL, the database for clusters,
   * instead of the embedded H2 file. Skipped, saying why, only if no PostgreSQL server can be started here.
   */
  @Test(timeout = 300_000)
  public void withPostgresqlARunKilledAfterACheckpointResumesToByteIdenticalResults() throws Exception {
    Path work = tmp.newFolder("postgres").toPath();
    PostgresServer db = null;
    try {
      db = PostgresServer.start();
    } catch (Exception e) {
      Assume.assumeTrue("skipped: PostgreSQL could not be started here: " + e.getMessage(), false);
    }
    try (PostgresServer running = db) {
      killAndResume(work, Map.of("VSTACK_CATALOGUE_URL", running.url()));
    }
  }

  /** Kills a traced run after its first checkpoint, resumes it and compares with a run never interrupted. */
  private static void killAndResume(Path work, Map<String, String> env) throws Exception {
    String[] scenario = {"--set", "name=resumed", "--set", "workload.guests=1500", "--set",
        "guest.memory-mib=16", "--trace"};
    Path reference = uninterrupted(work, env, scenario);

    Path out = work.resolve("results");
    String id = killedAfterItsFirstCheckpoint(work, env, out, concat(scenario, "--checkpoint-windows", "400",
        "--out", out.toString()));

    String output = resume(work, env, id);
    assertTrue(output, output.contains("vstack: resuming run " + id + " from its checkpoint at virtual time"));
    sameFiles(reference, out);
    assertTrue("the trace is among the identical files", Files.isRegularFile(out.resolve("stock")
        .resolve("trace.jsonl.gz")));
    try (var leftovers = Files.list(work)) {
      assertEquals("no staging directory left behind", List.of(), leftovers
          .filter(p -> p.getFileName().toString().startsWith(".results.partial-")).toList());
    }
    assertListedComplete(work, env, id);

    Process again = vstack(work, work.resolve("again.log"), env, "run", "--resume", id);
    assertTrue(again.waitFor(120, TimeUnit.SECONDS));
    assertEquals("a finished run cannot be resumed", 2, again.exitValue());
    assertTrue(Files.readString(work.resolve("again.log")).contains("already finished"));
  }

  /**
   * A clustered run ({@code vstack run --cluster} on three member JVMs) whose client is killed with SIGKILL after
   * its first stored checkpoint: {@code vstack run --resume ID --cluster} continues it on the cluster from that
   * checkpoint, and every result file is byte-identical to an uninterrupted single-JVM run's.
   */
  @Test(timeout = 400_000)
  public void aClusteredRunWhoseClientIsKilledResumesOnTheClusterToTheUninterruptedResults() throws Exception {
    Path work = tmp.newFolder("cluster-client").toPath();
    String[] scenario = {"--set", "name=clustered", "--set", "workload.guests=1500", "--set", "guest.memory-mib=16"};
    Path reference = uninterrupted(work, Map.of(), scenario);
    Files.createDirectories(work.resolve("members"));
    ClusterKeys keys = ClusterKeys.generate(work.resolve("members").resolve("keys"));
    List<LocalCluster.Member> members = LocalCluster.start(3, "512m", work.resolve("members"), HOME.resolve("conf"),
        keys);
    try {
      assertEquals("members up", 3, LocalCluster.awaitUp(members, keys, 90));
      String seed = "127.0.0.1:" + members.get(0).port();
      Path out = work.resolve("results");
      String id = killedAfterItsFirstCheckpoint(work, Map.of(), out, concat(scenario, "--cluster", seed,
          "--cluster-keys", keys.dir().toString(), "--checkpoint-windows", "400", "--checkpoint-every", "0", "--out",
          out.toString()));

      String output = resume(work, Map.of(), id, "--cluster", seed, "--cluster-keys", keys.dir().toString());
      assertTrue(output, output.contains("vstack: resuming run " + id + " from its checkpoint at virtual time"));
      sameFiles(reference, out);
      assertListedComplete(work, Map.of(), id);
    } finally {
      members.forEach(m -> m.process().destroyForcibly());
    }
  }

  /**
   * Stopped with SIGTERM (as {@code kill} or a service manager stops it) after its first checkpoint, a run says on
   * stderr where it stopped and the command that continues it, and leaves no staging directory and no results;
   * that command then finishes it to the results of a run never interrupted.
   */
  @Test(timeout = 600_000)
  public void aRunStoppedBySigtermSaysWhereItStoppedAndHowToResumeAndResumesToTheUninterruptedResults()
      throws Exception {
    Path work = tmp.newFolder("sigterm").toPath();
    Path reference = uninterrupted(work, Map.of(), SIGNALLED);
    Path out = work.resolve("results");
    String id = stoppedAfterItsFirstCheckpoint(work, "TERM", out, concat(SIGNALLED, "--checkpoint-windows", "400",
        "--out", out.toString()), running -> { });
    String output = resume(work, Map.of(), id);
    assertTrue(output, output.contains("vstack: resuming run " + id + " from its checkpoint at virtual time"));
    sameFiles(reference, out);
    assertListedComplete(work, Map.of(), id);
  }

  /**
   * Ctrl-C (SIGINT) says the same as SIGTERM; while the run still runs, a {@code --resume} of it is refused
   * without first saying it resumes. Skipped where this JVM's children ignore SIGINT (a background job's do).
   */
  @Test(timeout = 300_000)
  public void aRunStoppedBySigintSaysTheSameAndIsNotResumedWhileItRuns() throws Exception {
    Path work = tmp.newFolder("sigint").toPath();
    Path out = work.resolve("results");
    stoppedAfterItsFirstCheckpoint(work, "INT", out, concat(SIGNALLED, "--checkpoint-windows", "400", "--out",
        out.toString()), running -> {
          Path refused = work.resolve("refused.log");
          Process resumeLive = vstack(work, refused, "run", "--resume", running);
          assertTrue(resumeLive.waitFor(120, TimeUnit.SECONDS));
          String said = Files.readString(refused);
          assertEquals(said, 2, resumeLive.exitValue());
          assertTrue(said, said.contains("run " + running + " is still running") && !said.contains("vstack: resuming"));
        });
  }

  /** Something to check while run {@code id} is running. */
  private interface WhileRunning {
    void check(String id) throws Exception;
  }

  /**
   * Starts {@code vstack} with {@code args} (a checkpointing run writing to {@code out}), sends it {@code SIGNAL}
   * as soon as its first checkpoint is saved (after {@code whileRunning}), and checks what it says and that it leaves
   * no results and no staging directory; returns the run's id.
   */
  private static String stoppedAfterItsFirstCheckpoint(Path work, String signal, Path out, String[] args,
      WhileRunning whileRunning) throws Exception {
    Path log = work.resolve(signal + ".log");
    Process run = vstack(work, log, Map.of(), args);
    String id = awaitLine(log, "vstack: if this run dies, continue it with: vstack run --resume", run);
    boolean ignored = signal.equals("INT") && (Long.parseLong(Files.readAllLines(Path.of("/proc/" + run.pid()
        + "/status")).stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim(),
        16) & 2) != 0;
    Assume.assumeFalse("skipped: SIGINT is ignored in processes started here (a background job's children)",
        ignored);
    whileRunning.check(id);
    assertTrue("the run ended before the signal: make the scenario longer", run.isAlive());
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor());
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    assertEquals(signal, 128 + (signal.equals("TERM") ? 15 : 2), run.exitValue());
    List<String> lines = Files.readAllLines(log);
    assertTrue(String.join("\n", lines), lines.stream().anyMatch(l -> l.startsWith("vstack: interrupted: run " + id
        + " stopped in configuration 1 of 2 (stock); nothing was written to ")));
    assertTrue(String.join("\n", lines), lines.stream().anyMatch(l -> l.startsWith("vstack: a resume goes on from "
        + "its last checkpoint, at virtual time ")));
    assertTrue(String.join("\n", lines), lines.contains("vstack: continue it with: vstack run --resume " + id));
    assertFalse(Files.exists(out));
    try (var left = Files.list(work)) {
      assertEquals("no staging directory left behind", List.of(), left.filter(p -> p.getFileName().toString()
          .contains(".partial-")).toList());
    }
    return id;
  }

  /** Runs {@code scenario} without checkpoints to {@code work/reference}: what a resumed run must equal. */
  private static Path uninterrupted(Path work, Map<String, String> env, String[] scenario) throws Exception {
    Path reference = work.resolve("reference");
    Process plain = vstack(work, work.resolve("reference.log"), env, concat(scenario, "--checkpoint-every", "0",
        "--out", reference.toString()));
    assertTrue(plain.waitFor(240, TimeUnit.SECONDS));
    assertEquals(Files.readString(work.resolve("reference.log")), 0, plain.exitValue());
    return reference;
  }

  /**
   * Starts {@code vstack} with {@code args} (a checkpointing run writing to {@code out}), kills it with SIGKILL as
   * soon as it says its first checkpoint is saved, and checks it left no results; returns the run's id.
   */
  private static String killedAfterItsFirstCheckpoint(Path work, Map<String, String> env, Path out, String[] args)
      throws Exception {
    Path log = work.resolve("run.log");
    Process run = vstack(work, log, env, args);
    String id = awaitLine(log, "vstack: if this run dies, continue it with: vstack run --resume", run);
    run.destroyForcibly();
    assertTrue(run.waitFor(30, TimeUnit.SECONDS));
    assertEquals("killed before it finished", 128 + 9, run.exitValue());
    assertFalse(Files.exists(out));
    return id;
  }

  /** Run {@code id} is in the catalogue once, as complete. */
  private static void assertListedComplete(Path work, Map<String, String> env, String id) throws Exception {
    List<String> listed = Files.readAllLines(runsLog(work, env)).stream().filter(l -> l.startsWith(id)).toList();
    assertEquals(1, listed.size());
    assertTrue(listed.get(0), listed.get(0).contains(" complete "));
  }

  /** {@code vstack run --resume id} with {@code more} arguments, which must succeed; returns its output. */
  private static String resume(Path work, Map<String, String> env, String id, String... more) throws Exception {
    Path log = work.resolve("resume.log");
    List<String> args = new ArrayList<>(List.of("run", "--resume", id));
    args.addAll(List.of(more));
    Process resumed = vstack(work, log, env, args.toArray(String[]::new));
    assertTrue(resumed.waitFor(240, TimeUnit.SECONDS));
    String output = Files.readString(log);
    assertEquals(output, 0, resumed.exitValue());
    return output;
  }

  private static Path runsLog(Path workDir, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile(workDir, "runs", ".txt");
    Process p = vstack(workDir, log, env, "runs");
    assertTrue("vstack runs did not finish", p.waitFor(120, TimeUnit.SECONDS));
    return log;
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  /**
   * The database holding the checkpoints goes away for a few seconds mid-run and comes back: the run goes on, says
   * its checkpoints could not be saved and then that they are saved again; killed after that, it resumes to
   * byte-identical results, so no half-written checkpoint was ever taken for the latest.
   */
  @Test(timeout = 300_000)
  public void checkpointingOutlivesADatabaseOutageAndTheRunStillResumesIdentically() throws Exception {
    Path work = tmp.newFolder("outage-mid-run").toPath();
    String port = Integer.toString(LocalCluster.freePort());
    String[] serverArgs = {"-tcpPort", port, "-baseDir", work.resolve("db").toString(), "-ifNotExists"};
    Server db = Server.createTcpServer(serverArgs).start();
    try {
      Map<String, String> env = Map.of("VSTACK_CATALOGUE_URL", "jdbc:h2:tcp://127.0.0.1:" + port
          + "/catalogue;MAX_COMPACT_TIME=0;WRITE_DELAY=0");
      List<String> named = new ArrayList<>(List.of("--set", "name=outage"));
      named.addAll(List.of(LONG_RUN));
      String[] scenario = named.toArray(String[]::new);
      Path reference = uninterrupted(work, env, scenario);

      Path out = work.resolve("results");
      Path log = work.resolve("run.log");
      Process run = vstack(work, log, env, concat(scenario, "--checkpoint-every", "200ms", "--out",
          out.toString()));
      String id = awaitLine(log, "vstack: if this run dies, continue it with: vstack run --resume", run);
      db.stop();
      int failed = awaitLine(log, "vstack: warning: checkpoint at virtual time", 0, run);
      assertTrue(Files.readAllLines(log).get(failed), Files.readAllLines(log).get(failed)
          .contains("could not be saved"));
      Thread.sleep(2_000);
      db = Server.createTcpServer(serverArgs).start();
      int back = awaitLine(log, "vstack: warning: checkpoints are being saved again", failed, run);
      awaitLine(log, "vstack: checkpoint saved", back, run);
      assertTrue("the run ended before the fault: make the scenario longer", run.isAlive());
      run.destroyForcibly();
      assertTrue(run.waitFor(30, TimeUnit.SECONDS));

      String output = resume(work, env, id);
      assertTrue(output, output.contains("from its checkpoint at virtual time"));
      sameFiles(reference, out);
    } finally {
      db.stop();
    }
  }

  /** The catalogue's database cannot be reached for the whole run: the run completes, says so, loses nothing. */
  @Test(timeout = 120_000)
  public void aRunWhoseCatalogueIsUnreachableCompletesAndSaysItIsNotRecorded() throws Exception {
    Path work = tmp.newFolder("outage").toPath();
    Path out = work.resolve("results");
    Path log = work.resolve("run.log");
    Process run = vstack(work, log, Map.of("VSTACK_CATALOGUE_URL", "jdbc:h2:tcp://127.0.0.1:1/unreachable"), "run",
        "--set", "workload.guests=4", "--out", out.toString());
    assertTrue(run.waitFor(90, TimeUnit.SECONDS));
    String output = Files.readString(log);
    assertEquals(output, 0, run.exitValue());
    assertTrue(output, output.contains("vstack: warning: run catalogue unavailable, this run is not recorded"));
    assertTrue(output, Files.isRegularFile(out.resolve("summary.json")));
  }
}
