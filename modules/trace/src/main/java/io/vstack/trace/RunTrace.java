package io.vstack.trace;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.model.Layout;
import java.nio.file.Path;
import java.util.Map;

/**
 * The trace of one run, going to {@code file}: listen to the run with it, then {@link #finish} it. Under an executor
 * that delivers in time order it is written while the run goes on ({@link StreamedTrace}), else recorded and written
 * after the run ({@link TraceAfterRun}); the file is the same either way. Closing a trace that was not finished (the
 * run failed) leaves no file.
 */
public sealed interface RunTrace extends DeliveryListener, AutoCloseable permits StreamedTrace, TraceAfterRun {

  /**
   * A trace of a run of {@code executor} from the start; {@code checkpointed} when the run takes checkpoints, which
   * {@link #save} the trace.
   */
  static RunTrace start(Executor executor, boolean checkpointed, Layout layout, TraceFilter filter, Path file,
      Map<String, Object> header) {
    return executor.deliversInTimeOrder()
        ? new StreamedTrace(layout, filter, checkpointed, file, header, StreamedTrace.CHUNK)
        : new TraceAfterRun(new TraceRecorder(layout, filter), file, header);
  }

  /** The trace of a run resumed from a checkpoint, going on from what {@link #save} returned there. */
  static RunTrace resume(Layout layout, TraceFilter filter, byte[] saved, Path file, Map<String, Object> header) {
    return new TraceAfterRun(TraceRecorder.restore(layout, filter, saved), file, header);
  }

  /** Everything recorded so far, for a checkpoint; called only at a barrier, when no receiver is running. */
  byte[] save();

  /**
   * Writes what is left of the trace and waits until the file is complete and closed; returns the number of records
   * written. A failure to write is thrown as a {@link java.util.concurrent.CompletionException}.
   */
  long finish();

  /** Abandons the trace if it was not finished: stops writing it and deletes what was written. */
  @Override
  void close();
}
