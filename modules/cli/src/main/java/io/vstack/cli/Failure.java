package io.vstack.cli;

import io.vstack.model.calibrate.Calibration;
import io.vstack.model.config.InvalidConfig;
import io.vstack.trace.TraceFile;
import io.vstack.workload.vmtrace.AzureVmTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a command that threw is reported: bad input (exit 2, its message names file:line:column where there is
 * one) and a failed system call (exit 1, saying what failed on
 * which path) in one line each, anything else as a failed run (exit 1); the stack trace only with {@code --debug}.
 */
final class Failure {
  private Failure() {
  }

  static int report(Exception thrown, boolean debug, PrintWriter err) {
    Throwable e = unwrapped(thrown);
    int code;
    if (userError(e)) {
      err.println("vstack: " + e.getMessage());
      code = 2;
    } else if (e instanceof UncheckedIOException || e instanceof IOException) {
      err.println("vstack: " + describe(e));
      code = 1;
    } else {
      err.println("vstack: run failed: " + describe(e));
      code = 1;
    }
    if (debug) {
      thrown.printStackTrace(err);
    } else if (code == 1) {
      err.println("vstack: (run with 'vstack --debug ...' to see where it failed)");
    }
    err.flush();
    return code;
  }

  /**
   * Bad input, whichever layer found it: the CLI's own checks, and the parsers' errors when they reach here from
   * inside a sweep or a background task instead of being turned into {@link InputError} where they were called.
   */
  private static boolean userError(Throwable e) {
    return e instanceof InputError || e instanceof InvalidConfig || e instanceof AzureVmTable.BadTrace
        || e instanceof TraceFile.BadTrace || e instanceof Calibration.BadMeasurements;
  }

  /** The exception a background task or future threw, without the wrappers that carried it here. */
  private static Throwable unwrapped(Throwable e) {
    Throwable inner = e;
    while ((inner instanceof CompletionException || inner instanceof ExecutionException)
        && inner.getCause() != null) {
      inner = inner.getCause();
    }
    return inner;
  }

  /**
   * What failed and why, e.g. "writing trace runs/x/trace.jsonl.gz: No space left on device": the context each
   * wrapper added, then the system's reason with the path it names.
   */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String part = part(t);
      if (!part.isEmpty() && out.indexOf(part) < 0) {
        out.append(out.length() == 0 ? "" : ": ").append(part);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
  }

  private static String part(Throwable t) {
    if (t instanceof FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason() : t instanceof NoSuchFileException ? "no such file or "
          + "directory" : t instanceof AccessDeniedException ? "permission denied"
          : t instanceof FileAlreadyExistsException ? "already exists" : t.getClass().getSimpleName();
      return (f.getFile() == null ? "" : f.getFile() + ": ") + reason
          + (f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")");
    }
    String message = t.getMessage();
    if (message == null || (t.getCause() != null && message.equals(t.getCause().toString()))) {
      return "";
    }
    return message;
  }
}
