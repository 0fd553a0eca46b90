package io.vstack.charts;

import java.util.List;

/** One line of a chart: (x, y) points in x order. */
public record Series(String name, List<double[]> points) {
}
