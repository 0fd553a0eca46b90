package io.vstack.charts;

import java.util.List;

/**
 * A chart to render as {@code <file>.svg}: lines over a numeric x axis, or bars over categories when
 * {@code categories} is not empty (then each series has one value per category, as the points' y).
 */
public record Chart(String file, String title, String xLabel, String yLabel, List<Series> series,
    List<String> categories, boolean logX) {

  public static Chart lines(String file, String title, String xLabel, String yLabel, boolean logX,
      List<Series> series) {
    return new Chart(file, title, xLabel, yLabel, series, List.of(), logX);
  }

  public static Chart bars(String file, String title, String xLabel, String yLabel, List<String> categories,
      List<Series> series) {
    return new Chart(file, title, xLabel, yLabel, series, categories, false);
  }
}
