package io.vstack.trace;

import io.vstack.model.results.Stats;
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
    return of(LifecycleTable.read(runDir));
  }

  public static PhaseBreakdown of(LifecycleTable table) {
    List<String> header = table.header();
    Map<String, Stats> phases = new LinkedHashMap<>();
    for (int c = 0; c < header.size(); c++) {
      String col = header.get(c);
      int end = header.indexOf(col.replace("_start_ms", "_end_ms"));
      if (!col.endsWith("_start_ms") || end < 0) {
        continue;
      }
      List<Long> durations = new ArrayList<>();
      for (List<String> row : table.rows()) {
        long from = LifecycleTable.nanos(row, c);
        long to = LifecycleTable.nanos(row, end);
        if (from >= 0 && to >= 0) {
          durations.add(to - from);
        }
      }
      phases.put(col.substring(0, col.length() - "_start_ms".length()),
          Stats.ofNanos(durations.stream().mapToLong(Long::longValue).toArray()));
    }
    return new PhaseBreakdown(phases);
  }
}
