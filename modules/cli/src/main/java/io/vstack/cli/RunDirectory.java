package io.vstack.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's output directory, written in a temporary sibling and moved into place only when complete, so a failed
 * or interrupted run never leaves half a result and never overwrites an earlier one: if the name is taken the
 * next free {@code name-2}, {@code name-3}, ... is used.
 */
final class RunDirectory {
  private final Path target;
  private final Path temp;
  private Path committed;

  private RunDirectory(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  static RunDirectory create(Path wanted) {
    try {
      Path parent = wanted.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempDirectory(parent, "." + wanted.getFileName() + ".partial-");
      return new RunDirectory(wanted, temp);
    } catch (IOException e) {
      throw new InputError(wanted + ": cannot create the run directory: " + e.getMessage());
    }
  }

  /** Where files go while the run is being written. */
  Path staging() {
    return temp;
  }

  /** Moves the complete result into place; returns where it ended up. */
  Path commit() {
    Path dest = target;
    for (int n = 2; Files.exists(dest); n++) {
      dest = target.resolveSibling(target.getFileName() + "-" + n);
    }
    try {
      committed = Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
      return committed;
    } catch (IOException e) {
      throw new UncheckedIOException("could not move " + temp + " to " + dest, e);
    }
  }

  /** Where the result ended up, or "" before {@link #commit}. */
  String committed() {
    return committed == null ? "" : committed.toString();
  }

  /** Deletes the staging directory of a run that failed. */
  void abandon() {
    if (!Files.exists(temp)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(temp)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
