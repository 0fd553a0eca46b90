package io.vstack.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vstack.model.Layout;
import io.vstack.model.MessageFields;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a recorded trace as gzip-compressed JSON lines (format in {@code docs/trace-format.md}): a header line,
 * then one line per message in canonical order — virtual delivery time, then receiver id, then the receiver's
 * delivery order — which depends on nothing but the scenario and seed. It attributes each message to the guest it
 * concerns ({@link GuestAttribution}).
 */
public final class TraceWriter {
  public static final String FORMAT = "vstack-trace";
  public static final int VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();

  private TraceWriter() {
  }

  /** Writes on a background thread; the future completes when the file is complete and closed. */
  public static CompletableFuture<Long> writeInBackground(TraceRecorder recorder, Path file,
      Map<String, Object> header) {
    return CompletableFuture.supplyAsync(() -> write(recorder, file, header));
  }

  /** Writes the trace; returns the number of records written. */
  public static long write(TraceRecorder recorder, Path file, Map<String, Object> header) {
    return write(recorder.layout(), recorder.filter(), records(recorder), file, header);
  }

  /**
   * Writes {@code records} (in canonical order, guests not yet attributed) as a complete trace: header, guest
   * attribution, the filter's guest clause.
   */
  public static long write(Layout layout, TraceFilter filter, Iterator<TraceRecord> records, Path file,
      Map<String, Object> header) {
    try {
      return write(layout, filter, records, Files.newOutputStream(file), header);
    } catch (IOException e) {
      throw new UncheckedIOException("writing trace " + file, e);
    }
  }

  /** As {@link #write(Layout, TraceFilter, Iterator, Path, Map)}, to {@code target}, which it closes. */
  static long write(Layout layout, TraceFilter filter, Iterator<TraceRecord> records, OutputStream target,
      Map<String, Object> header) throws IOException {
    GuestAttribution guests = new GuestAttribution(layout);
    long written = 0;
    try (OutputStream out = new CompressingPipe(new FastGzip(target));
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(new SerializedString("\n"));
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeNumberField("version", VERSION);
      for (Map.Entry<String, Object> e : header.entrySet()) {
        json.writeObjectField(e.getKey(), e.getValue());
      }
      json.writeObjectFieldStart("layout");
      json.writeNumberField("nodes", layout.nodes());
      json.writeNumberField("pcpus", layout.pcpus());
      json.writeNumberField("shards", layout.shards());
      json.writeNumberField("workers", layout.workers());
      json.writeNumberField("guests", layout.guests());
      json.writeEndObject();
      json.writeEndObject();
      while (records.hasNext()) {
        TraceRecord r = records.next();
        int guest = guests.of(r);
        if (filter.keepsGuest(guest)) {
          writeRecord(json, r.time(), r.sent(), r.from(), r.to(), r.type(), guest, r.fields());
          written++;
        }
      }
      json.writeRaw('\n');
    }
    return written;
  }

  /**
   * Writes {@code recorder}'s records as a partial trace: no header, no guest attribution. Cluster members write
   * one each for the receivers they host; {@link TraceMerge} joins them into the trace a single JVM would write.
   */
  public static long writePartial(TraceRecorder recorder, Path file) {
    long written = 0;
    try (OutputStream out = new FastGzip(Files.newOutputStream(file));
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(new SerializedString("\n"));
      Iterator<TraceRecord> records = records(recorder);
      while (records.hasNext()) {
        TraceRecord r = records.next();
        writeRecord(json, r.time(), r.sent(), r.from(), r.to(), r.type(), -1, r.fields());
        written++;
      }
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("writing partial trace " + file, e);
    }
    return written;
  }

  /** The recorder's messages in canonical order: delivery time, then receiver id, then delivery order. */
  static Iterator<TraceRecord> records(TraceRecorder recorder) {
    Layout layout = recorder.layout();
    PriorityQueue<int[]> heads = new PriorityQueue<>((a, b) -> {
      TraceRecorder.Buffer x = recorder.buffer(a[0]);
      TraceRecorder.Buffer y = recorder.buffer(b[0]);
      int c = Long.compare(x.time[a[1]], y.time[b[1]]);
      return c != 0 ? c : Integer.compare(a[0], b[0]);
    });
    for (int id = 0; id < layout.lpCount(); id++) {
      if (recorder.buffer(id).size > 0) {
        heads.add(new int[] {id, 0});
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public TraceRecord next() {
        int[] head = heads.poll();
        int to = head[0];
        TraceRecorder.Buffer b = recorder.buffer(to);
        int i = head[1];
        Object message = b.message[i];
        b.message[i] = null;
        if (i + 1 < b.size) {
          head[1] = i + 1;
          heads.add(head);
        }
        return new TraceRecord(b.time[i], b.sent[i], b.from[i], to, MessageFields.type(message), -1,
            MessageFields.of(message));
      }
    };
  }

  /**
   * Hands bytes to a second thread that compresses them, so encoding and compression run on two cores. Chunks
   * keep their order; close waits until everything is compressed and the file is closed.
   */
  private static final class CompressingPipe extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(8);
    private final Thread compressor;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK);
    private volatile IOException failure;

    CompressingPipe(OutputStream target) {
      compressor = new Thread(() -> {
        try (OutputStream out = target) {
          for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
            out.write(chunk);
          }
        } catch (IOException e) {
          failure = e;
          chunks.clear();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "vstack-trace-compressor");
      compressor.start();
    }

    @Override
    public void write(int b) throws IOException {
      buffer.write(b);
      flushIfFull();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      buffer.write(b, off, len);
      flushIfFull();
    }

    private void flushIfFull() throws IOException {
      if (buffer.size() >= CHUNK) {
        hand(buffer.toByteArray());
        buffer.reset();
      }
    }

    private void hand(byte[] chunk) throws IOException {
      failIfCompressorFailed();
      try {
        chunks.put(chunk);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing the trace", e);
      }
    }

    @Override
    public void close() throws IOException {
      hand(buffer.toByteArray());
      hand(END);
      try {
        compressor.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while finishing the trace", e);
      }
      failIfCompressorFailed();
    }

    /**
     * A new exception each time, the compressor's as its cause: the writes and the closes of a try-with-resources
     * all report it, and one exception added to itself as suppressed would hide it behind "Self-suppression not
     * permitted".
     */
    private void failIfCompressorFailed() throws IOException {
      if (failure != null) {
        throw new IOException(failure.getMessage(), failure);
      }
    }
  }

  /** gzip at the fastest level: a trace is written once and read a few times, and speed is what tracing costs. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static void writeRecord(JsonGenerator json, long time, long sent, int from, int to, String type,
      int guest, Map<String, Object> fields) throws IOException {
    json.writeStartObject();
    json.writeNumberField("t", time);
    json.writeNumberField("s", sent);
    json.writeNumberField("f", from);
    json.writeNumberField("r", to);
    json.writeStringField("m", type);
    if (guest >= 0) {
      json.writeNumberField("g", guest);
    }
    if (!fields.isEmpty()) {
      json.writeObjectFieldStart("d");
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        json.writeObjectField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }
}
