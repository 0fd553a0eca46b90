package io.vstack.cli;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file so that a reader finds the old content or the new, never a half-written file. */
final class AtomicFile {

  /** Writes (and may check) the new content at a temporary path. */
  @FunctionalInterface
  interface Content {
    void writeTo(Path temp) throws IOException;
  }

  private AtomicFile() {
  }

  /**
   * Has {@code content} write a temporary file beside {@code target} (named {@code prefix}...{@code suffix}) and, if
   * it returns normally, moves that over {@code target} in one step; the temporary file never stays behind.
   */
  static void write(Path target, String prefix, String suffix, Content content) throws IOException {
    write(target, prefix, suffix, content, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * As {@link #write}, for a file the user named with {@code flag}, which must not exist: the finished file is
   * linked in under its name, which fails if anything took the name meanwhile, so nothing is ever overwritten (a
   * taken name is bad input); the temporary file never stays behind.
   */
  static void create(String flag, Path target, String prefix, String suffix, Content content) throws IOException {
    refuseExisting(flag, target);
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, prefix, suffix);
    try {
      content.writeTo(temp);
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw exists(flag, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Refuses {@code target}, named by {@code flag}, when something is there already (before any work is done). */
  static void refuseExisting(String flag, Path target) {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(flag, target);
    }
  }

  private static InputError exists(String flag, Path target) {
    return new InputError(flag + " " + target + ": already exists; vstack never overwrites a file: remove it or "
        + "give another " + flag);
  }

  private static void write(Path target, String prefix, String suffix, Content content, CopyOption... options)
      throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, prefix, suffix);
    try {
      content.writeTo(temp);
      Files.move(temp, target, options);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
