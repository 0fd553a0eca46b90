package io.vstack.cli;

import java.io.IOException;
import java.nio.file.Files;
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
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, prefix, suffix);
    try {
      content.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * As {@link #write}, but {@code target} must not exist, and its directory must: the finished file is linked in
   * under its name, which fails with {@link java.nio.file.FileAlreadyExistsException} if anything took the name
   * meanwhile, so an existing file is never replaced.
   */
  static void create(Path target, String prefix, String suffix, Content content) throws IOException {
    Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), prefix, suffix);
    try {
      content.writeTo(temp);
      Files.createLink(target, temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
