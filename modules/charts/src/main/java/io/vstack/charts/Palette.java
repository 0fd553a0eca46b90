package io.vstack.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import org.jfree.chart.plot.DefaultDrawingSupplier;

/**
 * How series are told apart: the Okabe-Ito colour-blind-safe palette (its yellow last, as it is faint on white),
 * a marker shape per series, and from the ninth series on a dashed line, so no two of up to 16 series look alike
 * even in grey.
 */
final class Palette {
  private static final Color[] OKABE_ITO = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
      new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
  private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();
  private static final float WIDTH = 2f;

  private Palette() {
  }

  static Paint colour(int series) {
    return OKABE_ITO[series % OKABE_ITO.length];
  }

  static Shape marker(int series) {
    return SHAPES[series % SHAPES.length];
  }

  static Stroke line(int series) {
    return series < OKABE_ITO.length ? new BasicStroke(WIDTH)
        : new BasicStroke(WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }
}
