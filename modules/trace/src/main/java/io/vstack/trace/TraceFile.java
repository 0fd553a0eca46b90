package io.vstack.trace;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vstack.model.Layout;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** A trace read back from disk: its header, the layout of the run, and every record in order. */
public record TraceFile(Map<String, Object> header, Layout layout, List<TraceRecord> records) {

  /** A file that is not a complete vstack trace; the message names the file and what is wrong. */
  public static final class BadTrace extends RuntimeException {
    public BadTrace(String message) {
      super(message);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** {@code path} may be a trace file or a run directory holding {@code trace.jsonl.gz}. */
  public static TraceFile read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("trace.jsonl.gz") : path;
    if (!Files.isRegularFile(file)) {
      throw new BadTrace(file + ": no trace here (run with --trace to record one)");
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        MappingIterator<JsonNode> lines = MAPPER.readerFor(JsonNode.class).readValues(in)) {
      if (!lines.hasNext()) {
        throw new BadTrace(file + ": empty trace");
      }
      JsonNode head = lines.next();
      if (!TraceWriter.FORMAT.equals(head.path("format").asText()) || head.path("version").asInt() != 1) {
        throw new BadTrace(file + ": not a vstack trace (header format/version is not vstack-trace/1)");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> header = MAPPER.convertValue(head, LinkedHashMap.class);
      JsonNode l = head.path("layout");
      Layout layout = Layout.of(l.path("nodes").asInt(), l.path("pcpus").asInt(), l.path("shards").asInt(),
          l.path("workers").asInt(), l.path("guests").asInt());
      List<TraceRecord> records = new ArrayList<>();
      while (lines.hasNext()) {
        JsonNode r = lines.next();
        if (!r.has("t") || !r.has("r") || !r.has("m")) {
          throw new BadTrace(file + ": record " + (records.size() + 1) + " lacks t, r or m");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = r.path("d").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          fields.put(e.getKey(), v.isIntegralNumber() ? (Object) v.asLong() : v.isBoolean() ? v.asBoolean()
              : v.asText());
        }
        records.add(new TraceRecord(r.path("t").asLong(), r.path("s").asLong(), r.path("f").asInt(),
            r.path("r").asInt(), r.path("m").asText(), r.has("g") ? r.path("g").asInt() : -1, fields));
      }
      return new TraceFile(header, layout, records);
    } catch (ZipException e) {
      throw new BadTrace(file + ": not a vstack trace (not gzip-compressed)");
    } catch (EOFException e) {
      throw new BadTrace(file + ": truncated (the file ends in the middle of the compressed stream)");
    } catch (JsonParseException e) {
      throw new BadTrace(file + ": not a vstack trace or truncated: " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadTrace b) {
        throw b;
      }
      throw new BadTrace(file + ": unreadable trace: " + e.getMessage());
    }
  }
}
