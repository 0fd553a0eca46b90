package io.vstack.workload.validate;

import io.vstack.model.config.ConfigReader;

/** A unit a published value is given in, converted to its dimension's base unit (seconds, or GB/s). */
public enum Unit implements ConfigReader.Spelled {
  us("us", Dimension.time, 1e-6),
  ms("ms", Dimension.time, 1e-3),
  s("s", Dimension.time, 1),
  min("min", Dimension.time, 60),
  mb_per_s("MB/s", Dimension.rate, 1e-3),
  gb_per_s("GB/s", Dimension.rate, 1),
  gib_per_s("GiB/s", Dimension.rate, 1.073741824);

  /** What a unit measures; a point's unit must have its metric's dimension. */
  public enum Dimension {
    time("s"),
    rate("GB/s");

    private final String base;

    Dimension(String base) {
      this.base = base;
    }

    public String base() {
      return base;
    }
  }

  private final String spelling;
  private final Dimension dimension;
  private final double toBase;

  Unit(String spelling, Dimension dimension, double toBase) {
    this.spelling = spelling;
    this.dimension = dimension;
    this.toBase = toBase;
  }

  @Override
  public String spelling() {
    return spelling;
  }

  public Dimension dimension() {
    return dimension;
  }

  public double toBase(double value) {
    return value * toBase;
  }
}
