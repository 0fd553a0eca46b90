package io.vstack.charts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ChartSvgTest extends JUnitSuite {
  private static final List<double[]> POINTS = List.of(new double[] {1, 1}, new double[] {2, 4},
      new double[] {4, 9});

  @Test
  public void aLogScaleAxisSaysSoInItsLabel() {
    Chart chart = Chart.lines("c", "t", "guests (guests)", "time (s)", true, List.of(new Series("a", POINTS)));
    assertEquals("guests (guests, log scale)", chart.xAxisLabel());
    assertTrue(ChartSvg.render(chart).contains("guests (guests, log scale)"));
    assertEquals("size (log scale)", Chart.lines("c", "t", "size", "y", true, List.of()).xAxisLabel());
  }

  @Test
  public void seriesDifferInColourAndMarker() {
    String svg = ChartSvg.render(Chart.lines("c", "t", "x (s)", "y (s)", false,
        List.of(new Series("a", POINTS), new Series("b", POINTS))));
    assertTrue(svg, svg.contains("rgb(0,114,178)"));
    assertTrue(svg, svg.contains("rgb(213,94,0)"));
  }

  @Test
  public void panelsGiveEachSeriesItsOwnLabelledAxis() {
    Chart chart = Chart.barPanels("c", "t", "design", "s", List.of("a", "b"), List.of(
        new Series("create p95", List.of(new double[] {0, 1}, new double[] {1, 2})),
        new Series("time to capacity p95", List.of(new double[] {0, 200}, new double[] {1, 3}))));
    assertEquals(List.of("create p95 (s)", "time to capacity p95 (s)"), chart.yAxisLabels());
    String svg = ChartSvg.render(chart);
    chart.yAxisLabels().forEach(label -> assertTrue(label, svg.contains(label)));
  }

  @Test
  public void renderingIsReproducible() {
    Chart chart = Chart.bars("c", "t", "design", "time (s)", List.of("a", "b"),
        List.of(new Series("s", List.of(new double[] {0, 1}, new double[] {1, 2}))));
    assertEquals(ChartSvg.render(chart), ChartSvg.render(chart));
    assertTrue(ChartSvg.element(chart).startsWith("<svg"));
    assertTrue(ChartSvg.element(chart).contains("viewBox="));
  }
}
