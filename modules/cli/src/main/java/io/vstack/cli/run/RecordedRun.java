package io.vstack.cli.run;

import akka.actor.typed.ActorSystem;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The bookkeeping around a run, on one JVM or a cluster alike: its catalogue entry (started, or started again by a
 * resume, which first clears the killed run's staging directory), its run directory, its checkpoint journal, and at
 * the end the entry's status and the journal dropped; a failure (even creating the run directory) abandons the
 * staging directory and records the run as failed, with the reason.
 */
public final class RecordedRun {
  private RecordedRun() {
  }

  /** What a run does between its bookkeeping; true when every invariant held. */
  public interface Body {
    boolean run(RunDirectory dir, RunCheckpoints checkpoints, CheckpointJournal.Stored from) throws IOException;
  }

  /**
   * Runs {@code plan} (or resumes run {@code resumed}, when not null, from its latest checkpoint) through
   * {@code body}, checkpointing every {@code everyWindows} windows and {@code everyWallNanos} of wall time; the
   * exit code: 0 when every invariant held, 1 when not.
   */
  public static int run(ActorSystem<?> system, RunPlan plan, RunCheckpoints.Resumable resumed, long everyWindows,
      long everyWallNanos, PrintWriter err, Body body) throws IOException {
    RunRecord record = resumed == null ? RunRecord.start(system, plan.configurations().get(0), err)
        : RunRecord.resume(plan.configurations().get(0), resumed, err);
    RunDirectory dir = null;
    Interruption interruption = null;
    try {
      if (resumed != null) {
        RunDirectory.removeLeftovers(Path.of(plan.out()), resumed.id());
      }
      dir = RunDirectory.create(Path.of(plan.out()), plan.renumber(), record.id());
      RunCheckpoints checkpoints = RunCheckpoints.open(system, record.id(), resumed, plan, everyWindows,
          everyWallNanos, err);
      interruption = Interruption.watch(record.id(), plan, dir, checkpoints, err);
      boolean clean = body.run(dir, checkpoints, resumed == null ? null : resumed.latest());
      interruption.close();
      checkpoints.finished();
      record.finish(clean ? "complete" : "failed", dir.committed(), clean ? "" : "an invariant was violated");
      return clean ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      if (interruption != null) {
        interruption.close();
      }
      if (dir != null) {
        dir.abandonQuietly();
      }
      if (interruption == null || !interruption.stopping()) {
        record.finish("failed", "", e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
      }
      throw e;
    }
  }
}
