package io.vstack.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vstack.model.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;

/**
 * Joins partial traces (one per cluster member, each holding the messages delivered to the receivers it hosts, in
 * canonical order) into the complete trace, byte-identical to what one JVM would have written for the same run.
 */
public final class TraceMerge {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TraceMerge() {
  }

  public static long merge(List<Path> partials, Layout layout, TraceFilter filter, Path file,
      Map<String, Object> header) {
    List<InputStream> streams = new ArrayList<>();
    try {
      PriorityQueue<Cursor> cursors = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.head.time(), b.head.time());
        return c != 0 ? c : Integer.compare(a.head.to(), b.head.to());
      });
      for (Path p : partials) {
        InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16);
        streams.add(in);
        Cursor c = new Cursor(MAPPER.readerFor(JsonNode.class).readValues(in));
        if (c.advance()) {
          cursors.add(c);
        }
      }
      Iterator<TraceRecord> merged = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return !cursors.isEmpty();
        }

        @Override
        public TraceRecord next() {
          Cursor c = cursors.poll();
          if (c == null) {
            throw new NoSuchElementException();
          }
          TraceRecord r = c.head;
          if (c.advance()) {
            cursors.add(c);
          }
          return r;
        }
      };
      return TraceWriter.write(layout, filter, merged, file, header);
    } catch (IOException e) {
      throw new UncheckedIOException("merging partial traces", e);
    } finally {
      for (InputStream in : streams) {
        try {
          in.close();
        } catch (IOException e) {
          // closing a fully read input cannot lose data
        }
      }
    }
  }

  private static final class Cursor {
    private final MappingIterator<JsonNode> lines;
    TraceRecord head;

    Cursor(MappingIterator<JsonNode> lines) {
      this.lines = lines;
    }

    boolean advance() {
      if (!lines.hasNext()) {
        return false;
      }
      JsonNode r = lines.next();
      Map<String, Object> fields = new LinkedHashMap<>();
      r.path("d").fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        fields.put(e.getKey(), v.isIntegralNumber() ? (Object) v.asLong() : v.isBoolean() ? v.asBoolean()
            : v.asText());
      });
      head = new TraceRecord(r.path("t").asLong(), r.path("s").asLong(), r.path("f").asInt(), r.path("r").asInt(),
          r.path("m").asText(), -1, fields);
      return true;
    }
  }
}
