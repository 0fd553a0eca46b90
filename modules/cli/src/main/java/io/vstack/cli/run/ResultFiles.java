package io.vstack.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vstack.engine.RunResult;
import io.vstack.model.host.FinalState;
import io.vstack.model.results.Lifecycle;
import io.vstack.workload.ScenarioRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's deterministic results ({@code summary.json}, {@code lifecycle.csv}: byte-identical for the same
 * scenario and seed on any executor) and, apart from them, {@code run-info.json} with the wall-clock facts.
 */
public final class ResultFiles {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final CsvMapper CSV = new CsvMapper();

  private ResultFiles() {
  }

  public static Map<String, Object> summary(ScenarioRun run) {
    return summary(run.result(), run.summary(), run.violations());
  }

  /** A run's {@code summary.json}: its summary (a host's or a fleet's), the engine's result and any violation. */
  public static Map<String, Object> summary(RunResult result, Object summary, List<String> violations) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("summary", summary);
    out.put("events", result.events());
    out.put("virtualEndMs", result.lastEventTime() / 1e6);
    out.put("sequenceHash", String.format("%016x", result.sequenceHash()));
    out.put("invariantViolations", violations);
    return out;
  }

  public static void write(Path dir, ScenarioRun run) {
    write(dir, summary(run), run.model().finalState());
  }

  public static void write(Path dir, Map<String, Object> summary, FinalState state) {
    json(dir.resolve("summary.json"), summary);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    Lifecycle.header().forEach(schema::addColumn);
    try {
      CSV.writer(schema.build()).writeValue(dir.resolve("lifecycle.csv").toFile(), Lifecycle.rows(state));
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + dir.resolve("lifecycle.csv"), e);
    }
  }

  public static void json(Path file, Object value) {
    try {
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  public static Map<String, Object> info(String executor, int threads, int partitions, List<Double> wallSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("executor", executor);
    out.put("threads", threads);
    out.put("partitions", partitions);
    out.put("wallSeconds", wallSeconds);
    out.put("java", System.getProperty("java.version"));
    return out;
  }
}
