package io.vstack.workload;

import io.vstack.model.config.InvalidConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenarios shipped in {@code conf/scenarios}, by name: a file's name without {@code .conf}. A command's scenario
 * argument is a file, or else the name of one of these.
 */
public final class ScenarioFiles {
  /** The scenarios' directory under {@code conf/}. */
  public static final String DIR = "scenarios";
  private static final String SUFFIX = ".conf";

  private ScenarioFiles() {
  }

  /** The names of the scenarios in {@code confDir}'s scenarios directory, sorted. */
  public static List<String> names(Path confDir) {
    try (Stream<Path> files = Files.list(confDir.resolve(DIR))) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
          .map(f -> f.substring(0, f.length() - SUFFIX.length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file of the scenario named {@code name} (which may not exist). */
  public static Path file(Path confDir, String name) {
    return confDir.resolve(DIR).resolve(name + SUFFIX);
  }

  /**
   * {@code fileOrName} if it is a file, else the shipped scenario of that name; neither is an error listing the
   * shipped scenarios.
   */
  public static Path resolve(Path confDir, String fileOrName) {
    Path given = Path.of(fileOrName);
    if (Files.isRegularFile(given)) {
      return given;
    }
    Path named = file(confDir, fileOrName);
    if (!fileOrName.contains("/") && Files.isRegularFile(named)) {
      return named;
    }
    throw new InvalidConfig(fileOrName + ": no such scenario file, nor a scenario of " + confDir.resolve(DIR)
        + "; known scenarios: " + String.join(", ", names(confDir)));
  }
}
