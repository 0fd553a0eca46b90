package io.vstack.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Renders a {@link Chart} as a standalone SVG document with JFreeChart and JFreeSVG. */
public final class ChartSvg {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;

  private ChartSvg() {
  }

  public static String render(Chart chart) {
    JFreeChart jfree = chart.categories().isEmpty() ? lines(chart) : bars(chart);
    jfree.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    // JFreeSVG seeds its element ids from the wall clock unless told otherwise; fixed ids keep files reproducible.
    g.setDefsKeyPrefix("vstack-" + chart.file());
    jfree.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g.getSVGDocument();
  }

  private static JFreeChart lines(Chart chart) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : chart.series()) {
      XYSeries xy = new XYSeries(s.name());
      s.points().forEach(p -> xy.add(p[0], p[1]));
      data.addSeries(xy);
    }
    JFreeChart jfree = ChartFactory.createXYLineChart(chart.title(), chart.xLabel(), chart.yLabel(), data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = jfree.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < chart.series().size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    if (chart.logX()) {
      LogAxis axis = new LogAxis(chart.xLabel());
      axis.setBase(2);
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setNumberFormatOverride(new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      axis.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
      axis.setLabelFont(plot.getRangeAxis().getLabelFont());
      plot.setDomainAxis(axis);
    }
    return jfree;
  }

  private static JFreeChart bars(Chart chart) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Series s : chart.series()) {
      for (double[] p : s.points()) {
        data.addValue(p[1], s.name(), chart.categories().get((int) p[0]));
      }
    }
    JFreeChart jfree = ChartFactory.createBarChart(chart.title(), chart.xLabel(), chart.yLabel(), data,
        PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = jfree.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    return jfree;
  }
}
