package io.vstack.cli.run;

import io.vstack.cli.InputError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's output directory, written in a temporary sibling and moved into place only when complete, so a failed
 * or interrupted run never leaves half a result and never overwrites an earlier one. A default name that is taken
 * becomes the next free {@code name-2}, {@code name-3}, ...; a name the user gave ({@code --out}) that is taken is
 * refused, since the user asked for exactly that directory. While it is being written, the process's log lines also
 * go to {@code vstack.log} in it ({@link RunLogFile}).
 */
public final class RunDirectory {
  private final Path target;
  private final boolean renumber;
  private final Path temp;
  private final RunLogFile log;
  private Path committed;

  private RunDirectory(Path target, boolean renumber, Path temp, RunLogFile log) {
    this.target = target;
    this.renumber = renumber;
    this.temp = temp;
    this.log = log;
  }

  /** A run directory at {@code wanted}; when taken, the next free numbered name if {@code renumber}, else refused. */
  public static RunDirectory create(Path wanted, boolean renumber) {
    return create(wanted, renumber, "");
  }

  /** A run directory whose staging name carries {@code owner} (a run id), so a resumed run can find its leftovers. */
  static RunDirectory create(Path wanted, boolean renumber, String owner) {
    if (!renumber) {
      refuseExisting(wanted);
    }
    try {
      Path parent = wanted.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path staging = newStagingDirectory(parent, prefix(wanted, owner));
      return new RunDirectory(wanted, renumber, staging, RunLogFile.into(staging));
    } catch (IOException e) {
      throw new InputError(wanted + ": cannot create the run directory: " + e.getMessage());
    }
  }

  /**
   * A new directory {@code prefix<n>} in {@code parent}, created with the default permissions (the user's umask
   * decides), not the owner-only ones of {@code Files.createTempDirectory}, which the move into place would keep.
   */
  private static Path newStagingDirectory(Path parent, String prefix) throws IOException {
    for (int n = 0; ; n++) {
      try {
        return Files.createDirectory(parent.resolve(prefix + n));
      } catch (FileAlreadyExistsException taken) {
        // another run (in this or another process) stages under that name: try the next
      }
    }
  }

  /** Refuses {@code --out wanted} when something is there already: vstack never overwrites. */
  public static void refuseExisting(Path wanted) {
    if (Files.exists(wanted, LinkOption.NOFOLLOW_LINKS)) {
      throw new InputError("--out " + wanted + ": already exists; vstack never overwrites a result: remove it or "
          + "give another --out (only default names are numbered -2, -3, ...)");
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
          .forEach(p -> new RunDirectory(wanted, false, p, null).abandon());
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
    stopLog();
    if (!renumber && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      abandon();
      throw new InputError("--out " + target + ": appeared while the run was running; vstack never overwrites a "
          + "result, so this run's results were discarded");
    }
    Path dest = target;
    for (int n = 2; Files.exists(dest, LinkOption.NOFOLLOW_LINKS); n++) {
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

  /**
   * As {@link #abandon}, for a process that is stopping while the run may still write: whatever cannot be deleted
   * now is left for {@link #removeLeftovers} when the run is resumed.
   */
  void abandonQuietly() {
    try {
      abandon();
    } catch (UncheckedIOException e) {
      // Files appearing or vanishing under the walk: the resume removes what is left.
    }
  }

  /** Deletes the staging directory of a run that failed. */
  public void abandon() {
    stopLog();
    if (!Files.exists(temp)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(temp)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run's log lines stop going to its directory: it is about to move or go. */
  private void stopLog() {
    if (log != null) {
      log.close();
    }
  }
}
