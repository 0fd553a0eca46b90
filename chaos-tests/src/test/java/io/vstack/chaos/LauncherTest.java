package io.vstack.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * The {@code ./vstack} launcher itself, run by bash as a user runs it, on a copy of vstack's home whose runnable jar
 * is the one this build packaged (and newer than every source, so the launcher builds nothing).
 */
public final class LauncherTest extends JUnitSuite {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @Rule
  public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * The first listing of an existing catalogue leaves a class-data archive of the jar beside it, saying nothing
   * about it; later listings load vstack's classes from that archive and print the same table.
   */
  @Test(timeout = 300_000)
  public void runsListsTheSameFromTheClassArchiveItsFirstListingMade() throws Exception {
    Path home = home();
    Path target = home.resolve("modules/cli/target");
    assertEquals(0, launch(home, Map.of(), "run", "--set", "workload.guests=2", "--out", "one").exit());
    assertTrue(archives(target).isEmpty());

    Launched first = launch(home, Map.of(), "runs");
    assertEquals(first.err(), 0, first.exit());
    assertEquals(1, archives(target).size());
    assertEquals("", first.err());

    Path classLog = home.resolve("class-load.log");
    Launched second = launch(home, Map.of("VSTACK_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "runs");
    assertEquals(second.err(), 0, second.exit());
    assertEquals(first.out(), second.out());
    assertTrue(first.out(), first.out().lines().anyMatch(l -> l.contains(" complete ")));
    assertTrue(Files.readAllLines(classLog).stream()
        .anyMatch(l -> l.contains("io.vstack.cli.RunsCommand source: shared objects file (top)")));
    assertFalse(Files.list(target).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
  }

  /** A listing of a catalogue that does not exist yet makes no archive: it would hold none of reading's classes. */
  @Test(timeout = 120_000)
  public void runsMakesNoArchiveWithoutACatalogue() throws Exception {
    Path home = home();
    Launched listing = launch(home, Map.of(), "runs");
    assertEquals(listing.err(), 0, listing.exit());
    assertTrue(archives(home.resolve("modules/cli/target")).isEmpty());
  }

  /** A home of its own: the launcher, conf/ and the packaged jar, dated after the (empty) poms it checks. */
  private Path home() throws IOException {
    Path home = tmp.newFolder("home").toPath();
    Files.copy(REPO.resolve("vstack"), home.resolve("vstack"));
    Files.createSymbolicLink(home.resolve("conf"), REPO.resolve("conf"));
    Path target = Files.createDirectories(home.resolve("modules/cli/target"));
    Files.createDirectories(home.resolve("chaos-tests"));
    FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
    for (Path pom : List.of(home.resolve("pom.xml"), home.resolve("chaos-tests/pom.xml"))) {
      Files.writeString(pom, "");
      Files.setLastModifiedTime(pom, past);
    }
    Path jar = Files.copy(REPO.resolve("modules/cli/target/vstack.jar"), target.resolve("vstack.jar"));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    return home;
  }

  private static List<Path> archives(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  private record Launched(int exit, String out, String err) {
  }

  /** {@code ./vstack args} in {@code home}, by bash, with the home's own catalogue and {@code env} added. */
  private static Launched launch(Path home, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", home.resolve("vstack").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(home, "stdout", ".txt");
    Path err = Files.createTempFile(home, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().remove("VSTACK_CATALOGUE_URL");
    builder.environment().remove("VSTACK_JAVA_OPTS");
    builder.environment().put("VSTACK_CATALOGUE_DIR", home.resolve("runs/catalogue").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      assertTrue("./vstack " + String.join(" ", args) + " did not end in time",
          process.waitFor(240, TimeUnit.SECONDS));
    } finally {
      process.destroyForcibly();
    }
    return new Launched(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
