package io.vstack.workload.vmtrace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the Azure Public Dataset V2 {@code vmtable.csv}: no header; columns vmid, subscriptionid, deploymentid,
 * vmcreated, vmdeleted, maxcpu, avgcpu, p95maxcpu, vmcategory, vmcorecountbucket, vmmemorybucket; times in
 * seconds (multiples of 300). Read with jackson-dataformat-csv, so quoted fields (with commas or quotes in them)
 * work. The whole file is checked before anything is returned: a malformed row fails the import with its file,
 * line and column, so nothing is ever half-imported.
 */
public final class AzureVmTable {
  private static final Map<String, Integer> CORES = Map.of("2", 2, "4", 4, "8", 8, "24", 24, ">24", 32);
  private static final Map<String, Integer> MEMORY_GB = Map.of("2", 2, "4", 4, "8", 8, "32", 32, "64", 64,
      ">64", 128);
  private static final int COLUMNS = 11;
  /** Without a schema each row is an array of strings; blank lines are skipped. */
  private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

  private AzureVmTable() {
  }

  /** A row the importer cannot use; the message names the file, line and column. */
  public static final class BadTrace extends RuntimeException {
    public BadTrace(String message) {
      super(message);
    }
  }

  /** Every VM of the file, in file order; at most {@code limit} of them (0: all). */
  public static List<VmRecord> read(Path file, int limit) {
    if (!Files.isRegularFile(file)) {
      throw new BadTrace(file + ": no such trace file");
    }
    try {
      return read(file, Files.newBufferedReader(file, StandardCharsets.UTF_8), limit);
    } catch (IOException e) {
      throw new BadTrace(file + ": cannot read: " + e.getMessage());
    }
  }

  /** The rows of a generated trace ({@link SyntheticAzureTrace}), in order; {@code name} names it in errors. */
  public static List<VmRecord> read(String name, List<String> lines) {
    return read(Path.of(name), new StringReader(String.join("\n", lines)), 0);
  }

  private static List<VmRecord> read(Path file, Reader reader, int limit) {
    List<VmRecord> out = new ArrayList<>();
    try (CsvParser rows = CSV.createParser(reader)) {
      while ((limit == 0 || out.size() < limit) && rows.nextToken() == JsonToken.START_ARRAY) {
        List<String> fields = new ArrayList<>(COLUMNS);
        List<Integer> columns = new ArrayList<>(COLUMNS);
        int line = 0;
        while (rows.nextToken() == JsonToken.VALUE_STRING) {
          if (fields.isEmpty()) {
            // a row's own location is not tracked; its first field's is, even if a quoted field spans lines
            line = rows.getTokenLocation().getLineNr();
          }
          fields.add(rows.getText());
          columns.add(rows.getTokenLocation().getColumnNr());
        }
        out.add(parse(file, line, fields, columns));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadTrace(file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadTrace(file + ": cannot read: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new BadTrace(file + ": no VM rows");
    }
    return out;
  }

  static VmRecord parse(Path file, int line, List<String> fields, List<Integer> columns) {
    String[] f = fields.toArray(String[]::new);
    Where where = new Where(file + ":" + line, fields, columns);
    if (f.length != COLUMNS) {
      throw new BadTrace(where.at(Math.min(f.length, COLUMNS)) + ": expected " + COLUMNS + " comma-separated "
          + "columns (vmid, subscriptionid, deploymentid, vmcreated, vmdeleted, maxcpu, avgcpu, p95maxcpu, "
          + "vmcategory, vmcorecountbucket, vmmemorybucket), found " + f.length);
    }
    if (f[0].isBlank()) {
      throw new BadTrace(where.at(0) + ": vmid is empty");
    }
    long created = seconds(where, 3, "vmcreated", f[3]);
    long deleted = seconds(where, 4, "vmdeleted", f[4]);
    if (deleted < created) {
      throw new BadTrace(where.at(4) + ": vmdeleted " + deleted + " is before vmcreated " + created);
    }
    Integer cores = CORES.get(f[9].trim());
    if (cores == null) {
      throw new BadTrace(where.at(9) + ": vmcorecountbucket '" + f[9] + "' is not one of 2, 4, 8, 24, >24");
    }
    Integer memory = MEMORY_GB.get(f[10].trim());
    if (memory == null) {
      throw new BadTrace(where.at(10) + ": vmmemorybucket '" + f[10] + "' is not one of 2, 4, 8, 32, 64, >64");
    }
    return new VmRecord(line, f[0].trim(), f[2].trim(), created, deleted, cores, memory, f[8].trim(),
        percent(where, 6, "avgcpu", f[6]));
  }

  /** A row's place in its file: "FILE:LINE:COLUMN" of its fields, as the CSV parser located them. */
  private record Where(String line, List<String> fields, List<Integer> columns) {
    /**
     * Where field {@code index} starts; past the last field, just after it. A row starts its line, whatever the
     * parser reports for a first field that begins with blanks.
     */
    String at(int index) {
      if (columns.isEmpty() || index == 0) {
        return line + ":1";
      }
      int last = columns.size() - 1;
      return line + ":" + (index <= last ? columns.get(index) : columns.get(last) + fields.get(last).length());
    }
  }

  private static double percent(Where where, int index, String column, String value) {
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new BadTrace(where.at(index) + ": " + column + " '" + value + "' is not a number");
    }
    if (!(v >= 0 && v <= 100)) {
      throw new BadTrace(where.at(index) + ": " + column + " " + value.trim() + " is not a utilization from 0 to "
          + "100");
    }
    return v;
  }

  private static long seconds(Where where, int index, String column, String value) {
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadTrace(where.at(index) + ": " + column + " '" + value + "' is not a whole number of seconds");
    }
    if (v < 0) {
      throw new BadTrace(where.at(index) + ": " + column + " " + v + " is negative");
    }
    return v;
  }
}
