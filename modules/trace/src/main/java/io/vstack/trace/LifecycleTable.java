package io.vstack.trace;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's per-guest lifecycle table ({@code lifecycle.csv}: {@code io.vstack.model.results.Lifecycle}), as text. */
public record LifecycleTable(List<String> header, List<List<String>> rows) {

  /** The {@code lifecycle.csv} of a run directory of one configuration. */
  public static LifecycleTable read(Path runDir) {
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
    return new LifecycleTable(rows.get(0), rows.subList(1, rows.size()));
  }

  /** The table of {@code runDir} if it has one, else null (a trace file copied away from its run). */
  public static LifecycleTable readIfPresent(Path runDir) {
    return Files.isRegularFile(runDir.resolve("lifecycle.csv")) ? read(runDir) : null;
  }

  /** Column {@code name}'s time in ns in {@code row}; -1 if the cell is empty or the column missing. */
  long nanos(List<String> row, String name) {
    return nanos(row, header.indexOf(name));
  }

  static long nanos(List<String> row, int column) {
    if (column < 0 || column >= row.size() || row.get(column).isEmpty()) {
      return -1;
    }
    return Math.round(Double.parseDouble(row.get(column)) * 1e6);
  }
}
