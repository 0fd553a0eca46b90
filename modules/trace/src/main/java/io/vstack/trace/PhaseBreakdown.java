package io.vstack.trace;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.vstack.model.results.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-phase latency across all guests of a run (p50, p95, max), from the phase spans in the run's
 * {@code lifecycle.csv}: each {@code <phase>_start_ms}/{@code <phase>_end_ms} column pair is one phase.
 */
public record PhaseBreakdown(Map<String, Stats> phases) {

  public static PhaseBreakdown of(Path runDir) {
    Path csv = runDir.resolve("lifecycle.csv");
    if (!Files.isRegularFile(csv)) {
      throw new TraceFile.BadTrace(csv + ": no lifecycle.csv here; give the directory of one configuration "
          + "(e.g. runs/storm-32/stock)");
    }
    List<List<String>> rows = new ArrayList<>();
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(csv.toFile())) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      throw new TraceFile.BadTrace(csv + ": unreadable: " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new TraceFile.BadTrace(csv + ": empty");
    }
    List<String> header = rows.get(0);
    Map<String, Stats> phases = new LinkedHashMap<>();
    for (int c = 0; c < header.size(); c++) {
      String col = header.get(c);
      int end = header.indexOf(col.replace("_start_ms", "_end_ms"));
      if (!col.endsWith("_start_ms") || end < 0) {
        continue;
      }
      List<Long> durations = new ArrayList<>();
      for (List<String> row : rows.subList(1, rows.size())) {
        if (row.size() > end && !row.get(c).isEmpty() && !row.get(end).isEmpty()) {
          durations.add(Math.round((Double.parseDouble(row.get(end)) - Double.parseDouble(row.get(c))) * 1e6));
        }
      }
      phases.put(col.substring(0, col.length() - "_start_ms".length()),
          Stats.ofNanos(durations.stream().mapToLong(Long::longValue).toArray()));
    }
    return new PhaseBreakdown(phases);
  }
}
