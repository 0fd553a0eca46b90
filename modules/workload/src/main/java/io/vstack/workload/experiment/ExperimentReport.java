package io.vstack.workload.experiment;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vstack.charts.Chart;
import io.vstack.charts.ChartSvg;
import io.vstack.charts.Html;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes an experiment's results into a directory — each table as CSV, each chart as SVG, and {@code index.html}
 * with all of them, self-contained (charts inline, no external resources, links to the CSV and SVG files) —
 * and prints the tables.
 */
public final class ExperimentReport {
  private static final CsvMapper CSV = new CsvMapper();

  /**
   * Tables scroll inside their own box rather than widen the page; long texts wrap; numbers align right; SVG charts
   * scale down to the page's width.
   */
  private static final String CSS = "body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
      + "line-height:1.4}.table{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:.5em 0;"
      + "font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top;text-align:left}"
      + "th{background:#f4f4f4}td.n{text-align:right;white-space:nowrap}"
      + "td.t{min-width:8em;max-width:32em}figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}"
      + "figcaption{color:#555;font-size:13px}";
  private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.,]*(e-?[0-9]+)?|");

  private ExperimentReport() {
  }

  public static void write(Path dir, ExperimentResult result) {
    try {
      for (Chart chart : result.charts()) {
        Files.writeString(dir.resolve(chart.file() + ".svg"), ChartSvg.render(chart));
      }
      for (Table table : result.tables()) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        table.header().forEach(schema::addColumn);
        CSV.writer(schema.build()).writeValue(dir.resolve(table.file() + ".csv").toFile(), table.rows());
      }
      Files.writeString(dir.resolve("index.html"), Html.page("vstack: " + result.name(), CSS, body -> {
        body.element("h1", result.name()).newline().element("p", result.description()).newline();
        body.element("ul", list -> result.findings().forEach(f -> list.element("li", f).newline())).newline();
        result.charts().forEach(chart -> figure(body, chart));
        result.tables().forEach(table -> table(body, table));
      }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The chart inline, captioned with a link to its SVG file; the axis labels as drawn are repeated in data
   * attributes so a test in a browser can check each is on the chart and has its unit.
   */
  private static void figure(Html body, Chart chart) {
    body.element("figure", f -> f.trusted(ChartSvg.element(chart)).element("figcaption", c -> c
            .text(chart.title() + " (").element("a", chart.file() + ".svg", "href", chart.file() + ".svg").text(")")),
        "data-x-axis", chart.xAxisLabel(), "data-x-numeric", Boolean.toString(chart.numericX()),
        "data-y-axes", String.join("\n", chart.yAxisLabels())).newline();
  }

  private static void table(Html body, Table table) {
    body.element("h2", table.title()).newline();
    body.element("div", box -> box.element("table", t -> {
      t.element("tr", r -> table.header().forEach(h -> r.element("th", wrappable(h))));
      t.newline();
      for (List<String> row : table.rows()) {
        t.element("tr", r -> row.forEach(c -> r.element("td", c, "class", NUMBER.matcher(c).matches() ? "n" : "t")));
        t.newline();
      }
    }), "class", "table").newline();
    body.element("p", p -> p.text("CSV: ").element("a", table.file() + ".csv", "href", table.file() + ".csv"))
        .newline();
  }

  /** A column name with a zero-width space after each underscore, so a narrow column may break it there. */
  private static String wrappable(String header) {
    return header.replace("_", "_\u200b");
  }

  /** Prints every table aligned in columns, then the findings. */
  public static void print(PrintWriter out, ExperimentResult result) {
    for (Table table : result.tables()) {
      out.printf("%n%s%n", table.title());
      int[] width = new int[table.header().size()];
      for (int c = 0; c < width.length; c++) {
        width[c] = table.header().get(c).length();
        for (List<String> row : table.rows()) {
          width[c] = Math.max(width[c], row.get(c).length());
        }
      }
      printRow(out, table.header(), width);
      table.rows().forEach(r -> printRow(out, r, width));
    }
    out.println();
    result.findings().forEach(f -> out.println("* " + f));
    out.flush();
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      line.append(c == 0 ? String.format("%-" + width[c] + "s", cell) : String.format("  %" + width[c] + "s", cell));
    }
    out.println(line);
  }
}
