package io.vstack.cli.run;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.InputError;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.CatalogueUnavailable;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import io.vstack.cluster.checkpoint.Checkpoints;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.CheckpointCodec;
import io.vstack.engine.checkpoint.CheckpointSink;
import io.vstack.engine.checkpoint.Checkpointing;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A local run's checkpoints: taken at window barriers as often as asked, written to the run's
 * {@link CheckpointJournal} in the background while the simulation goes on. At most one write is in flight; a
 * barrier that comes while one is still being written is skipped, and a write that fails (database down) is
 * reported and retried with the next barrier's newer state, so a slow or absent database never stops a run and
 * never leaves a partial checkpoint behind. Like the catalogue, it is a safety net: if the journal cannot be
 * reached at all, the run goes on without it and says so.
 */
public final class RunCheckpoints {
  private final String runId;
  private final Checkpoints store;
  private final long everyWindows;
  private final long everyWallNanos;
  private final PrintWriter err;
  private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
  private boolean told;
  private boolean failing;
  private volatile int configuration;
  private volatile CheckpointJournal.Stored latest;

  private RunCheckpoints(String runId, Checkpoints store, long everyWindows, long everyWallNanos, PrintWriter err) {
    this.runId = runId;
    this.store = store;
    this.everyWindows = everyWindows;
    this.everyWallNanos = everyWallNanos;
    this.err = err;
  }

  /**
   * Opens run {@code runId}'s journal (or goes on with {@code resumed}'s, since a journal may have only one
   * writer) and records its plan; without a policy (both 0) it takes no checkpoints.
   */
  static RunCheckpoints open(ActorSystem<?> system, String runId, Resumable resumed, RunPlan plan,
      long everyWindows, long everyWallNanos, PrintWriter err) {
    if (everyWindows == 0 && everyWallNanos == 0) {
      return new RunCheckpoints(runId, null, 0, 0, err);
    }
    try {
      Checkpoints store = resumed != null ? resumed.store() : new Checkpoints(system, runId);
      store.plan(CheckpointCodec.encode(plan));
      RunCheckpoints checkpoints = new RunCheckpoints(runId, store, everyWindows, everyWallNanos, err);
      checkpoints.latest = resumed != null ? resumed.latest() : null;
      return checkpoints;
    } catch (RuntimeException e) {
      warn(err, "checkpoint journal unavailable, this run cannot be resumed: " + e.getMessage());
      return new RunCheckpoints(runId, null, 0, 0, err);
    }
  }

  /**
   * Run {@code id} to resume: its plan, where it had got to (latest null: no checkpoint yet), its open journal and
   * catalogue entry (null if the catalogue cannot be read), both written by this process from now on.
   */
  public record Resumable(String id, RunPlan plan, CheckpointJournal.Stored latest, Checkpoints store,
      Catalogue catalogue) {
  }

  /**
   * Reads run {@code runId}'s plan and latest checkpoint; refused, before anything is printed or written, while the
   * process that runs it is alive.
   */
  public static Resumable load(ActorSystem<?> system, String runId) {
    Catalogue catalogue = catalogueEntry(system, runId);
    CheckpointJournal.State state;
    Checkpoints store;
    try {
      store = new Checkpoints(system, runId);
      state = store.latest();
    } catch (RuntimeException e) {
      throw new InputError("cannot read the checkpoints of run " + runId + ": " + e.getMessage());
    }
    if (state.plan() == null) {
      throw new InputError("run " + runId + " has no checkpoints: it does not exist, or it was started without "
          + "checkpointing or before checkpoints existed (see 'vstack runs')");
    }
    if (state.finished()) {
      throw new InputError("run " + runId + " already finished (see 'vstack runs' for its results)");
    }
    return new Resumable(runId, CheckpointCodec.decode(state.plan(), RunPlan.class), state.latest(), store,
        catalogue);
  }

  /** Run {@code runId}'s catalogue entry, refused while it runs; null if the catalogue cannot be read. */
  private static Catalogue catalogueEntry(ActorSystem<?> system, String runId) {
    try {
      Catalogue catalogue = new Catalogue(system, runId);
      RunRecord.refuseIfRunning(catalogue.recorded(), runId);
      return catalogue;
    } catch (CatalogueUnavailable e) {
      return null;
    }
  }

  /** Whether this run takes checkpoints (it has a policy and its journal could be opened). */
  public boolean takes() {
    return store != null;
  }

  /** Checkpointing for configuration {@code index}; {@code extra} is read at each barrier and saved alongside. */
  public Checkpointing forConfiguration(int index, Supplier<byte[]> extra, Checkpoint resumeFrom) {
    configuration = index;
    if (store == null) {
      return new Checkpointing(0, 0, c -> { }, resumeFrom);
    }
    CheckpointSink sink = checkpoint -> save(index, checkpoint, extra);
    return new Checkpointing(everyWindows, everyWallNanos, sink, resumeFrom);
  }

  private synchronized void save(int index, Checkpoint checkpoint, Supplier<byte[]> extra) {
    if (!inFlight.isDone()) {
      return;
    }
    CheckpointJournal.Stored stored = new CheckpointJournal.Stored(index, checkpoint.window(), checkpoint.time(),
        List.copyOf(checkpoint.parts()), extra.get());
    long bytes = checkpoint.bytes() + stored.extra().length;
    inFlight = store.save(stored).toCompletableFuture().whenComplete((done, failure) -> saved(stored, bytes,
        failure));
  }

  /**
   * Where the run is: the configuration it runs, and the latest checkpoint saved (null: none yet); resumable false
   * when it keeps no journal; saving true when a newer checkpoint was still being written.
   */
  record Position(int configuration, CheckpointJournal.Stored latest, boolean resumable, boolean saving) {
  }

  /** Where the run is, once a checkpoint being written has been saved (waiting at most {@code waitMillis}). */
  Position position(long waitMillis) {
    CompletableFuture<?> writing;
    synchronized (this) {
      writing = inFlight;
    }
    try {
      writing.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Not saved (yet): the position says so.
    }
    return new Position(configuration, latest, store != null, !writing.isDone());
  }

  private synchronized void saved(CheckpointJournal.Stored checkpoint, long bytes, Throwable failure) {
    if (failure != null) {
      if (!failing) {
        warn(err, "checkpoint at virtual time " + seconds(checkpoint.time()) + " s could not be saved ("
            + failure.getMessage() + "); the last saved one stays valid, retrying at the next barrier");
      }
      failing = true;
      return;
    }
    if (failing) {
      warn(err, "checkpoints are being saved again");
      failing = false;
    }
    latest = checkpoint;
    err.printf("vstack: checkpoint saved at virtual time %s s (%,d KiB)%n", seconds(checkpoint.time()),
        bytes / 1024);
    if (!told) {
      err.println("vstack: if this run dies, continue it with: vstack run --resume " + runId);
      told = true;
    }
    err.flush();
  }

  /** The run finished: waits for a write still in flight, then drops the checkpoint. */
  void finished() {
    if (store == null) {
      return;
    }
    try {
      inFlight.exceptionally(e -> null).join();
      store.discard();
    } catch (RuntimeException e) {
      warn(err, "could not drop the finished run's checkpoint: " + e.getMessage());
    }
  }

  private static String seconds(long nanos) {
    return String.format("%.3f", nanos / 1e9);
  }

  private static void warn(PrintWriter err, String message) {
    err.println("vstack: warning: " + message);
    err.flush();
  }
}
