package io.vstack.trace;

import io.vstack.model.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A trace written while its run goes on, for an executor that delivers in time order: every delivery before the
 * current time is final, so the deliveries are cut into chunks between two distinct times and handed to a writer
 * thread, which puts each chunk in canonical order and writes it ({@link TraceWriter}, so the file is byte for byte
 * the one written after a run). When the run ends only the last chunk is left to write. The hand-off never blocks
 * the run and the writer reads only what it was handed, so nothing of it reaches the simulation.
 *
 * <p>The file is written under a temporary name and renamed when complete; closing a trace that was not finished
 * (the run failed) stops the writer and deletes that file, so a failed run leaves no trace rather than a truncated
 * one.
 */
final class StreamedTrace implements RunTrace {
  /** Deliveries a chunk holds before it is handed over (more when one time has more deliveries). */
  static final int CHUNK = 1 << 14;
  private static final DeliveryChunk END = new DeliveryChunk();

  private final Layout layout;
  private final TraceFilter filter;
  private final DeliveryFilter keeps;
  private final int chunkSize;
  private final BlockingQueue<DeliveryChunk> handed = new LinkedBlockingQueue<>();
  private final List<DeliveryChunk> kept;
  private final Path file;
  private final Path partial;
  private final CompletableFuture<Long> written;
  private volatile boolean abandoned;
  private boolean finished;
  private DeliveryChunk current = new DeliveryChunk();

  /**
   * Starts writing {@code file}; a {@code checkpointed} trace keeps every chunk it hands over, for {@link #save},
   * else the writer lets them go once written.
   */
  StreamedTrace(Layout layout, TraceFilter filter, boolean checkpointed, Path file, Map<String, Object> header,
      int chunkSize) {
    this.layout = layout;
    this.filter = filter;
    this.keeps = new DeliveryFilter(layout, filter);
    this.chunkSize = chunkSize;
    this.kept = checkpointed ? new ArrayList<>() : null;
    this.file = file;
    this.partial = file.resolveSibling(file.getFileName() + ".partial");
    this.written = CompletableFuture.supplyAsync(() -> TraceWriter.write(layout, filter, new Handed(), partial,
        header), task -> new Thread(task, "vstack-trace-writer").start());
  }

  @Override
  public void onDeliver(long time, long sent, int sender, int receiver, Object message) {
    if (!keeps.keeps(time, sender, receiver, message)) {
      return;
    }
    if (current.size() >= chunkSize && time != current.lastTime()) {
      hand(current);
      current = new DeliveryChunk();
    }
    current.add(time, sent, sender, receiver, message);
  }

  private void hand(DeliveryChunk chunk) {
    handed.add(chunk);
    if (kept != null) {
      kept.add(chunk);
    }
  }

  /** What a {@link TraceRecorder} that had recorded the same deliveries would save, so a resume reads either. */
  @Override
  public byte[] save() {
    if (kept == null) {
      throw new IllegalStateException("this trace was started for a run without checkpoints and kept nothing");
    }
    TraceRecorder recorder = new TraceRecorder(layout, filter);
    kept.forEach(chunk -> chunk.replay(recorder));
    current.replay(recorder);
    return recorder.save();
  }

  @Override
  public long finish() {
    handed.add(current);
    handed.add(END);
    long records = written.join();
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CompletionException(new UncheckedIOException("writing trace " + file, e));
    }
    finished = true;
    return records;
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    abandoned = true;
    handed.add(END);
    try {
      written.join();
    } catch (CompletionException | CancellationException e) {
      // Stopped by the abandonment, or failed before it: either way there is nothing to keep.
    }
    try {
      Files.deleteIfExists(partial);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the unfinished trace " + partial, e);
    }
  }

  /** The handed chunks' deliveries in canonical order, on the writer thread; it waits for each chunk. */
  private final class Handed implements Iterator<TraceRecord> {
    private DeliveryChunk chunk = new DeliveryChunk();
    private int[] order = new int[0];
    private int next;

    @Override
    public boolean hasNext() {
      while (next == order.length) {
        if (chunk == END) {
          return false;
        }
        chunk = take();
        order = chunk.canonicalOrder();
        next = 0;
      }
      return true;
    }

    @Override
    public TraceRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return chunk.record(order[next++]);
    }

    private DeliveryChunk take() {
      try {
        DeliveryChunk taken = handed.take();
        if (abandoned) {
          throw new CancellationException("the run failed; its trace is abandoned");
        }
        return taken;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while writing the trace");
      }
    }
  }
}
