package io.vstack.cli;

import static org.junit.Assert.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletionException;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class FailureTest extends JUnitSuite {

  private static String reported(Exception e, boolean debug, int code) {
    StringWriter err = new StringWriter();
    assertEquals(code, Failure.report(e, debug, new PrintWriter(err)));
    return err.toString();
  }

  @Test
  public void aFailedWriteFromABackgroundTaskSaysWhatFailedOnWhichPathInOneLine() {
    Exception full = new CompletionException(new UncheckedIOException("writing trace runs/x/trace.jsonl.gz",
        new FileSystemException("runs/x/trace.jsonl.gz", null, "No space left on device")));
    assertEquals("vstack: writing trace runs/x/trace.jsonl.gz: runs/x/trace.jsonl.gz: No space left on device\n"
        + "vstack: (run with 'vstack --debug ...' to see where it failed)\n", reported(full, false, 1));
  }

  @Test
  public void badInputIsOneLineAndTheStackTraceComesOnlyWithDebug() {
    assertEquals("vstack: --out x: already exists\n", reported(new InputError("--out x: already exists"), false, 2));
    String debug = reported(new InputError("--out x: already exists"), true, 2);
    assertEquals(debug, "vstack: --out x: already exists", debug.lines().findFirst().orElseThrow());
    assertEquals(debug, "io.vstack.cli.InputError: --out x: already exists", debug.lines().skip(1).findFirst()
        .orElseThrow());
  }
}
