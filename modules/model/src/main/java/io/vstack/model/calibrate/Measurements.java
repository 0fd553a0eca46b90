package io.vstack.model.calibrate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a calibration CSV ({@code phase,guest_memory_mib,running_guests,duration_ms}, one measurement per row; blank
 * lines are skipped) with a real CSV parser, so quoted fields read as CSV says; an error in a row names
 * {@code file:line:column}, one the parser finds (an unterminated quote) {@code file:line}.
 */
final class Measurements {

  /** One measured phase duration: {@code gib} of guest memory with {@code running} guests running. */
  record Measurement(String phase, double gib, double running, double ms) {
  }

  static final List<String> COLUMNS = List.of("phase", "guest_memory_mib", "running_guests", "duration_ms");

  private record Field(String text, JsonLocation at) {
  }

  private static final CsvMapper CSV = new CsvMapper();

  private Measurements() {
  }

  /** The rows of {@code file}, each a phase of {@code phases}; at least one. */
  static List<Measurement> read(Path file, List<String> phases) {
    List<Measurement> rows = new ArrayList<>();
    JsonLocation last = null;
    try (CsvParser parser = CSV.getFactory().createParser(file.toFile())) {
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      List<Field> row = new ArrayList<>();
      boolean header = true;
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        last = parser.getTokenLocation();
        if (t == JsonToken.VALUE_STRING) {
          row.add(new Field(parser.getText(), last));
        } else if (t == JsonToken.END_ARRAY && !row.isEmpty()) {
          if (header) {
            checkHeader(file, row);
            header = false;
          } else if (!(row.size() == 1 && row.get(0).text().isBlank())) {
            rows.add(measurement(file, row, phases));
          }
          row.clear();
        }
      }
      if (header) {
        throw new Calibration.BadMeasurements(file + ":1:1: empty; expected the header " + String.join(",", COLUMNS));
      }
    } catch (JsonProcessingException e) {
      // the CSV parser counts the column of its own errors from the start of the file, so only its line is said
      JsonLocation at = e.getLocation() != null ? e.getLocation() : last;
      throw new Calibration.BadMeasurements(file + ":" + Math.max(1, at == null ? 1 : at.getLineNr()) + ": not CSV: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Calibration.BadMeasurements(file + ": cannot read: " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new Calibration.BadMeasurements(file + ": no measurements: the file has its header but no rows");
    }
    return rows;
  }

  private static void checkHeader(Path file, List<Field> header) {
    if (!header.stream().map(f -> f.text().trim()).toList().equals(COLUMNS)) {
      throw new Calibration.BadMeasurements(where(file, header.get(0).at()) + ": expected the header "
          + String.join(",", COLUMNS));
    }
  }

  private static Measurement measurement(Path file, List<Field> row, List<String> phases) {
    if (row.size() != COLUMNS.size()) {
      throw new Calibration.BadMeasurements(where(file, row.get(0).at()) + ": expected " + COLUMNS.size()
          + " columns, found " + row.size());
    }
    String phase = row.get(0).text().trim();
    if (!phases.contains(phase)) {
      throw new Calibration.BadMeasurements(where(file, row.get(0).at()) + ": phase '" + phase + "' is not one of "
          + String.join(", ", phases));
    }
    return new Measurement(phase, number(file, row, 1) / 1024, number(file, row, 2), number(file, row, 3));
  }

  private static double number(Path file, List<Field> row, int column) {
    Field f = row.get(column);
    try {
      double v = Double.parseDouble(f.text().trim());
      if (v >= 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below, with the others
    }
    throw new Calibration.BadMeasurements(where(file, f.at()) + ": " + COLUMNS.get(column) + " '" + f.text()
        + "' is not a number >= 0");
  }

  private static String where(Path file, JsonLocation at) {
    return at == null || at.getLineNr() < 1 ? file + ":1:1" : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
  }
}
