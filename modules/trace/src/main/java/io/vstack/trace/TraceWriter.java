package io.vstack.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vstack.model.Layout;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
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
  private static final SerializedString TIME = new SerializedString("t");
  private static final SerializedString SENT = new SerializedString("s");
  private static final SerializedString FROM = new SerializedString("f");
  private static final SerializedString TO = new SerializedString("r");
  private static final SerializedString TYPE = new SerializedString("m");
  private static final SerializedString GUEST = new SerializedString("g");
  private static final SerializedString FIELDS = new SerializedString("d");

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
    CanonicalMerge merge = new CanonicalMerge(recorder);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return merge.hasNext();
      }

      @Override
      public TraceRecord next() {
        int to = merge.receiver();
        int i = merge.advance();
        TraceRecorder.Buffer b = recorder.buffer(to);
        Object message = b.message[i];
        b.message[i] = null;
        return TraceRecord.delivered(b.time[i], b.sent[i], b.from[i], to, message);
      }
    };
  }

  /**
   * Merges the receivers' buffers, each in time order, into canonical order with a binary heap of receiver ids on
   * primitive arrays (a boxed priority queue with a comparator cost a quarter of writing a trace).
   */
  private static final class CanonicalMerge {
    private final TraceRecorder.Buffer[] buffers;
    private final int[] next;
    private final int[] heap;
    private int size;

    CanonicalMerge(TraceRecorder recorder) {
      int receivers = recorder.layout().lpCount();
      buffers = new TraceRecorder.Buffer[receivers];
      next = new int[receivers];
      heap = new int[receivers];
      for (int id = 0; id < receivers; id++) {
        buffers[id] = recorder.buffer(id);
        if (buffers[id].size > 0) {
          heap[size++] = id;
        }
      }
      for (int i = size / 2 - 1; i >= 0; i--) {
        siftDown(i);
      }
    }

    boolean hasNext() {
      return size > 0;
    }

    /** The receiver of the next message in canonical order. */
    int receiver() {
      return heap[0];
    }

    /** Takes the next message of {@link #receiver()}; returns its index in that receiver's buffer. */
    int advance() {
      int id = heap[0];
      int index = next[id]++;
      if (next[id] == buffers[id].size) {
        heap[0] = heap[--size];
      }
      if (size > 0) {
        siftDown(0);
      }
      return index;
    }

    private boolean before(int a, int b) {
      long ta = buffers[a].time[next[a]];
      long tb = buffers[b].time[next[b]];
      return ta < tb || ta == tb && a < b;
    }

    private void siftDown(int i) {
      int id = heap[i];
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(heap[child + 1], heap[child])) {
          child++;
        }
        if (!before(heap[child], id)) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = id;
    }
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
    json.writeFieldName(TIME);
    json.writeNumber(time);
    json.writeFieldName(SENT);
    json.writeNumber(sent);
    json.writeFieldName(FROM);
    json.writeNumber(from);
    json.writeFieldName(TO);
    json.writeNumber(to);
    json.writeFieldName(TYPE);
    json.writeString(type);
    if (guest >= 0) {
      json.writeFieldName(GUEST);
      json.writeNumber(guest);
    }
    if (!fields.isEmpty()) {
      json.writeFieldName(FIELDS);
      json.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        json.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v instanceof Long n) {
          json.writeNumber(n);
        } else if (v instanceof Integer n) {
          json.writeNumber(n);
        } else if (v instanceof String text) {
          json.writeString(text);
        } else {
          json.writeObject(v);
        }
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }
}
