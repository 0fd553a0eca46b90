package io.vstack.cli.run;

import io.vstack.cli.InputError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
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
public final class RunDirectory {
  private final Path target;
  private final Path temp;
  private Path committed;

  private RunDirectory(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  public static RunDirectory create(Path wanted) {
    return create(wanted, "");
  }

  /** A run directory whose staging name carries {@code owner} (a run id), so a resumed run can find its leftovers. */
  static RunDirectory create(Path wanted, String owner) {
    try {
      Path parent = wanted.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      return new RunDirectory(wanted, staging(parent, prefix(wanted, owner)));
    } catch (IOException e) {
      throw new InputError(wanted + ": cannot create the run directory: " + e.getMessage());
    }
  }

  /**
   * A new directory {@code prefix<n>} in {@code parent}, created with the default permissions (the user's umask
   * decides), not the owner-only ones of {@code Files.createTempDirectory}, which the move into place would keep.
   */
  private static Path staging(Path parent, String prefix) throws IOException {
    for (int n = 0; ; n++) {
      try {
        return Files.createDirectory(parent.resolve(prefix + n));
      } catch (FileAlreadyExistsException taken) {
        // another run (in this or another process) stages under that name: try the next
      }
    }
  }

  private static String prefix(Path wanted, String owner) {
    return "." + wanted.getFileName() + ".partial-" + (owner.isEmpty() ? "" : owner + "-");
  }

  /** Deletes the staging directories an interrupted run {@code owner} left next to {@code wanted}. */
  static void removeLeftovers(Path wanted, String owner) {
    Path parent = wanted.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      return;
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      siblings.filter(p -> p.getFileName().toString().startsWith(prefix(wanted, owner)))
          .forEach(p -> new RunDirectory(wanted, p).abandon());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where files go while the run is being written. */
  public Path staging() {
    return temp;
  }

  /** Moves the complete result into place; returns where it ended up. */
  public Path commit() {
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
  public void abandon() {
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
