package io.vstack.cli.run;

import java.io.PrintWriter;

/**
 * What a run does when its process is told to stop (SIGTERM, SIGINT: the JVM runs its shutdown hooks) before the
 * run has finished: it says on stderr where the run stopped and how to go on with it, and removes its staging
 * directory, so nothing half-written stays behind; the checkpoint journal, which a resume reads, is left as it is.
 */
final class Interruption implements AutoCloseable {
  /** How long a stopping run waits for a checkpoint being written, so that it can say where a resume starts. */
  private static final long SAVING_WAIT_MILLIS = 2_000;

  private final String runId;
  private final RunPlan plan;
  private final RunDirectory dir;
  private final RunCheckpoints checkpoints;
  private final PrintWriter err;
  private final Thread hook;
  private volatile boolean stopping;

  private Interruption(String runId, RunPlan plan, RunDirectory dir, RunCheckpoints checkpoints, PrintWriter err) {
    this.runId = runId;
    this.plan = plan;
    this.dir = dir;
    this.checkpoints = checkpoints;
    this.err = err;
    this.hook = new Thread(this::stopped, "vstack-interrupted-run");
  }

  /** Watches run {@code runId} until {@link #close}. */
  static Interruption watch(String runId, RunPlan plan, RunDirectory dir, RunCheckpoints checkpoints,
      PrintWriter err) {
    Interruption interruption = new Interruption(runId, plan, dir, checkpoints, err);
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  /** Whether the process is being stopped: a run failing now fails because of that, not by itself. */
  boolean stopping() {
    return stopping;
  }

  private void stopped() {
    stopping = true;
    if (!dir.committed().isEmpty()) {
      return;
    }
    RunCheckpoints.Position at = checkpoints.position(SAVING_WAIT_MILLIS);
    int of = plan.configurations().size();
    String where = "configuration " + (at.configuration() + 1) + " of " + of + " ("
        + plan.configurations().get(at.configuration()).switches().label() + ")";
    err.println("vstack: interrupted: run " + runId + " stopped in " + where + "; nothing was written to "
        + plan.out());
    if (!at.resumable()) {
      err.println("vstack: it kept no checkpoint journal, so it cannot be resumed: run it again");
    } else {
      err.println("vstack: " + (at.latest() == null ? "it had no checkpoint yet, so a resume runs it again from "
          + "the start" : "a resume goes on from its last checkpoint, at virtual time "
          + String.format("%.3f", at.latest().time() / 1e9) + " s of configuration "
          + (at.latest().configuration() + 1) + " of " + of)
          + (at.saving() ? " (or from the newer one it was saving, if that was saved)" : ""));
      err.println("vstack: continue it with: vstack run --resume " + runId);
    }
    err.flush();
    dir.abandonQuietly();
  }

  /** The run ended (finished or failed by itself): a later shutdown has nothing to say about it. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook has run or is running; it is what reports this run.
    }
  }
}
