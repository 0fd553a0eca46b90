package io.vstack.cli;

import io.vstack.cluster.catalogue.CatalogueUnavailable;
import io.vstack.cluster.catalogue.JournalDatabase;
import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.cluster.catalogue.RunEntry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vstack runs}: the run catalogue. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "List every recorded run, newest start first: id, scenario, seed, version, start, status "
        + "(running, complete, failed or interrupted), results (or why it failed).")
public final class RunsCommand implements Callable<Integer> {
  private static final List<String> HEADER = List.of("run", "scenario", "seed", "version", "started (UTC)",
      "status", "results");

  @Option(names = "--json", description = "one JSON array of runs (fields as the columns) instead of the table")
  private boolean json;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    try {
      List<RunEntry> runs = new ArrayList<>(RunCatalogue.runs(JournalDatabase.load()));
      Collections.reverse(runs);
      if (json) {
        printJson(spec.commandLine().getOut(), runs);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>(List.of(HEADER));
      for (RunEntry e : runs) {
        rows.add(List.of(e.id(), e.scenario(), Long.toString(e.seed()), e.version().replace("vstack ", ""),
            e.startedAt(), e.displayStatus(), e.location().isEmpty() ? e.reason() : e.location()));
      }
      print(spec.commandLine().getOut(), rows);
      return 0;
    } catch (CatalogueUnavailable e) {
      spec.commandLine().getErr().println("vstack: " + e.getMessage());
      return 1;
    }
  }

  private static void printJson(PrintWriter out, List<RunEntry> runs) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (RunEntry e : runs) {
      array.addObject().put("run", e.id()).put("scenario", e.scenario()).put("seed", e.seed())
          .put("version", e.version()).put("started", e.startedAt()).put("status", e.displayStatus())
          .put("results", e.location()).put("reason", e.reason());
    }
    try {
      out.println(mapper.writeValueAsString(array));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  /** Every column as wide as its widest cell, so long ids or versions never shift the others. */
  private static void print(PrintWriter out, List<List<String>> rows) {
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < widths.length - 1; c++) {
        line.append(row.get(c)).append(" ".repeat(widths[c] - row.get(c).length() + 1));
      }
      out.println(line.append(row.get(widths.length - 1)));
    }
    out.flush();
  }
}
