package io.vstack.trace;

import java.nio.file.Path;
import java.util.Map;

/**
 * A trace recorded during the run and written when it ends: for executors that deliver on many threads at once, where
 * no delivery is known to be final until the run ends. Nothing is written before {@link #finish}.
 */
final class TraceAfterRun implements RunTrace {
  private final TraceRecorder recorder;
  private final Path file;
  private final Map<String, Object> header;

  TraceAfterRun(TraceRecorder recorder, Path file, Map<String, Object> header) {
    this.recorder = recorder;
    this.file = file;
    this.header = header;
  }

  @Override
  public void onDeliver(long time, long sent, int sender, int receiver, Object message) {
    recorder.onDeliver(time, sent, sender, receiver, message);
  }

  @Override
  public byte[] save() {
    return recorder.save();
  }

  @Override
  public long finish() {
    return TraceWriter.writeInBackground(recorder, file, header).join();
  }

  @Override
  public void close() {
    // Nothing is on disk before finish: an unfinished trace leaves no file.
  }
}
