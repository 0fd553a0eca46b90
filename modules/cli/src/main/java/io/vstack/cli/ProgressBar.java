package io.vstack.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr for a batch of runs, redrawn in place; silent for batches of one. */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final String label;

  ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  synchronized void update(int done, int total) {
    if (total <= 1) {
      return;
    }
    int filled = done * WIDTH / total;
    err.printf("\r%s [%s%s] %d/%d runs", label, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total);
    if (done == total) {
      err.println();
    }
    err.flush();
  }
}
