package io.vstack.charts;

import java.util.List;

/**
 * A chart to render as {@code <file>.svg}: lines over a numeric x axis, or bars over categories when
 * {@code categories} is not empty (then each series has one value per category, as the points' y). Axis labels
 * carry their unit in parentheses, e.g. {@code "guest memory (GiB)"}; a log-scale axis says so in its label.
 * With {@code panels} each series gets a panel of its own under a shared category axis (small multiples for series
 * whose magnitudes differ too much to share a scale), and {@code yLabel} is just the unit of every panel.
 */
public record Chart(String file, String title, String xLabel, String yLabel, List<Series> series,
    List<String> categories, boolean logX, boolean logY, boolean panels) {

  public static Chart lines(String file, String title, String xLabel, String yLabel, boolean logX,
      List<Series> series) {
    return new Chart(file, title, xLabel, yLabel, series, List.of(), logX, false, false);
  }

  /** Lines on log scales on both axes: a power law is a straight line, a constant ratio a constant gap. */
  public static Chart logLog(String file, String title, String xLabel, String yLabel, List<Series> series) {
    return new Chart(file, title, xLabel, yLabel, series, List.of(), true, true, false);
  }

  public static Chart bars(String file, String title, String xLabel, String yLabel, List<String> categories,
      List<Series> series) {
    return new Chart(file, title, xLabel, yLabel, series, categories, false, false, false);
  }

  /** Bars of each series in a panel of its own, each with its own y scale in {@code yUnit}. */
  public static Chart barPanels(String file, String title, String xLabel, String yUnit, List<String> categories,
      List<Series> series) {
    return new Chart(file, title, xLabel, yUnit, series, categories, false, false, true);
  }

  /** True if the x axis is numeric (lines), false if it is categories (bars). */
  public boolean numericX() {
    return categories.isEmpty();
  }

  /** The x axis label as drawn: a log scale is named in the parentheses, e.g. "guests (guests, log scale)". */
  public String xAxisLabel() {
    return logX ? logScale(xLabel) : xLabel;
  }

  /** The y axis labels as drawn: one, or one per panel. */
  public List<String> yAxisLabels() {
    return panels ? series.stream().map(s -> s.name() + " (" + yLabel + ")").toList()
        : List.of(logY ? logScale(yLabel) : yLabel);
  }

  private static String logScale(String label) {
    return label.endsWith(")") ? label.substring(0, label.length() - 1) + ", log scale)" : label + " (log scale)";
  }
}
