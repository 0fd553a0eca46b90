package io.vstack.charts;

import java.awt.Color;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders a {@link Chart} as a standalone SVG document with JFreeChart and JFreeSVG. The SVG has a view box, so a
 * page may scale it down to fit.
 */
public final class ChartSvg {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;
  private static final int PANEL_HEIGHT = 190;
  /** Above this many points a series' markers would merge into a thick line: its colour and dashes tell it apart. */
  private static final int MARKERS_UP_TO = 40;
  /** Category labels longer than this are drawn at 45 degrees so neighbours do not overlap. */
  private static final int LONG_CATEGORY = 10;

  static {
    // Otherwise rotated texts (the y axis labels) become glyph outlines: unreadable to search, copy and tests.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private ChartSvg() {
  }

  /** The chart as an SVG document (with its XML declaration), ready to be written to {@code <file>.svg}. */
  public static String render(Chart chart) {
    return "<?xml version=\"1.0\"?>\n" + element(chart);
  }

  /** The chart as an {@code <svg>} element, to be placed inline in an HTML page. */
  public static String element(Chart chart) {
    JFreeChart jfree = !chart.numericX() ? chart.panels() ? panels(chart) : bars(chart) : lines(chart);
    jfree.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = jfree.getLegend();
    if (legend != null) {
      legend.setPosition(RectangleEdge.BOTTOM);
    }
    int height = chart.panels() ? 150 + PANEL_HEIGHT * chart.series().size() : HEIGHT;
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
    // JFreeSVG seeds its element ids from the wall clock unless told otherwise; fixed ids keep files reproducible.
    g.setDefsKeyPrefix("vstack-" + chart.file());
    jfree.draw(g, new Rectangle(0, 0, WIDTH, height));
    return g.getSVGElement(null, true, new ViewBox(0, 0, WIDTH, height), null, null);
  }

  private static JFreeChart lines(Chart chart) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : chart.series()) {
      XYSeries xy = new XYSeries(s.name(), false, true);
      s.points().forEach(p -> xy.add(p[0], p[1]));
      data.addSeries(xy);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < chart.series().size(); i++) {
      renderer.setSeriesPaint(i, Palette.colour(i));
      renderer.setSeriesStroke(i, Palette.line(i));
      renderer.setSeriesShape(i, Palette.marker(i));
      renderer.setSeriesShapesVisible(i, chart.series().get(i).points().size() <= MARKERS_UP_TO);
    }
    ValueAxis x;
    if (chart.logX()) {
      x = log2(chart.xAxisLabel());
    } else {
      NumberAxis linear = new NumberAxis(chart.xAxisLabel());
      linear.setAutoRangeIncludesZero(false);
      x = linear;
    }
    String yLabel = chart.yAxisLabels().get(0);
    XYPlot plot = new XYPlot(data, x, chart.logY() ? log2(yLabel) : new NumberAxis(yLabel), renderer);
    whiteBackground(plot);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }

  /** A log axis with a tick at each power of two: 0.25, 0.5, 1, 2, 4, ... */
  private static LogAxis log2(String label) {
    LogAxis log = new LogAxis(label);
    log.setBase(2);
    log.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    log.setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return log;
  }

  private static JFreeChart bars(Chart chart) {
    CategoryPlot plot = barPlot(chart, chart.series(), 0, new NumberAxis(chart.yLabel()));
    plot.setDomainAxis(categoryAxis(chart));
    return new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, chart.series().size() > 1);
  }

  /** Small multiples: one bar panel per series, stacked over the shared categories, each on its own scale. */
  private static JFreeChart panels(Chart chart) {
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(categoryAxis(chart));
    plot.setGap(12);
    List<String> labels = chart.yAxisLabels();
    for (int i = 0; i < chart.series().size(); i++) {
      plot.add(barPlot(chart, List.of(chart.series().get(i)), i, new NumberAxis(labels.get(i))));
    }
    return new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
  }

  private static CategoryPlot barPlot(Chart chart, List<Series> series, int firstColour, NumberAxis y) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Series s : series) {
      for (double[] p : s.points()) {
        data.addValue(p[1], s.name(), chart.categories().get((int) p[0]));
      }
    }
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, Palette.colour(firstColour + i));
    }
    CategoryPlot plot = new CategoryPlot(data, null, y, renderer);
    whiteBackground(plot);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  private static CategoryAxis categoryAxis(Chart chart) {
    CategoryAxis axis = new CategoryAxis(chart.xAxisLabel());
    boolean longLabels = chart.categories().stream().anyMatch(c -> c.length() > LONG_CATEGORY);
    axis.setCategoryLabelPositions(longLabels ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
    axis.setMaximumCategoryLabelWidthRatio(longLabels ? 1f : 0.3f);
    return axis;
  }

  private static void whiteBackground(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
  }
}
