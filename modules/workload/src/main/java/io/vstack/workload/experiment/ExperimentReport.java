package io.vstack.workload.experiment;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vstack.charts.Chart;
import io.vstack.charts.ChartSvg;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an experiment's results into a directory — each table as CSV, each chart as SVG, and {@code index.html}
 * with all of them, self-contained (charts inline, no external resources) — and prints the tables.
 */
public final class ExperimentReport {
  private static final CsvMapper CSV = new CsvMapper();

  private ExperimentReport() {
  }

  public static void write(Path dir, ExperimentResult result) {
    try {
      StringBuilder html = new StringBuilder();
      html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>vstack: ")
          .append(escape(result.name())).append("</title>\n<style>body{font-family:sans-serif;max-width:960px;"
              + "margin:2em auto}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;"
              + "padding:3px 8px;text-align:right}th{background:#f4f4f4}figure{margin:1.5em 0}</style></head>\n"
              + "<body>\n<h1>").append(escape(result.name())).append("</h1>\n<p>")
          .append(escape(result.description())).append("</p>\n<ul>\n");
      result.findings().forEach(f -> html.append("<li>").append(escape(f)).append("</li>\n"));
      html.append("</ul>\n");
      for (Chart chart : result.charts()) {
        String svg = ChartSvg.render(chart);
        Files.writeString(dir.resolve(chart.file() + ".svg"), svg);
        html.append("<figure>").append(svg.substring(svg.indexOf("<svg"))).append("<figcaption>")
            .append(escape(chart.title())).append(" (").append(escape(chart.file())).append(".svg)</figcaption>")
            .append("</figure>\n");
      }
      for (Table table : result.tables()) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        table.header().forEach(schema::addColumn);
        CSV.writer(schema.build()).writeValue(dir.resolve(table.file() + ".csv").toFile(), table.rows());
        html.append("<h2>").append(escape(table.title())).append("</h2>\n<table><tr>");
        table.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : table.rows()) {
          html.append("<tr>");
          row.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
          html.append("</tr>\n");
        }
        html.append("</table>\n<p>").append(escape(table.file())).append(".csv</p>\n");
      }
      html.append("</body></html>\n");
      Files.writeString(dir.resolve("index.html"), html);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
