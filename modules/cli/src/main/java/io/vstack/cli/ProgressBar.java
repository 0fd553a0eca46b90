package io.vstack.cli;

import java.io.PrintWriter;

/**
 * A progress bar on stderr for a batch of runs, silent for batches of one. On a terminal it is one line redrawn in
 * place; otherwise (a log file, a pipe, a test) it writes no {@code \r} redraws, only one line when the batch is
 * done.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final String label;
  private final boolean terminal;

  ProgressBar(PrintWriter err, String label, boolean terminal) {
    this.err = err;
    this.label = label;
    this.terminal = terminal;
  }

  /**
   * Whether stderr is a terminal. Java 17 cannot ask about stderr alone, so the launcher tells
   * ({@code -Dvstack.stderr.terminal}, from the shell's {@code [ -t 2 ]}); without it, whether the JVM has a console
   * (stdin and stdout interactive), which a redirected or captured run does not.
   */
  static boolean stderrIsTerminal() {
    String told = System.getProperty("vstack.stderr.terminal");
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  synchronized void update(int done, int total) {
    if (total <= 1) {
      return;
    }
    if (terminal) {
      int filled = done * WIDTH / total;
      err.printf("\r%s [%s%s] %d/%d runs", label, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total);
      if (done == total) {
        err.println();
      }
    } else if (done == total) {
      err.printf("%s: %d/%d runs done%n", label, done, total);
    }
    err.flush();
  }
}
