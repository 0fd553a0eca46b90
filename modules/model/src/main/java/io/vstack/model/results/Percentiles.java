package io.vstack.model.results;

import org.HdrHistogram.IntCountsHistogram;

/**
 * Percentiles of a set of non-negative values (virtual nanoseconds), through an HdrHistogram of
 * {@value #SIGNIFICANT_DIGITS} significant digits. The percentile is HdrHistogram's, which is the nearest rank
 * (the smallest value with at least that share of the values at or below it); it is reported as the lowest value
 * of its histogram bucket, so it is exact below {@value #EXACT_BELOW} and otherwise at most 1 part in 16,384 under
 * the exact nearest-rank value, never above it (a p95 is never above the maximum). Deterministic: the same values
 * give the same percentiles in any order.
 */
public final class Percentiles {
  static final int SIGNIFICANT_DIGITS = 4;
  /** Values below this are their own bucket at 4 significant digits (2^15 sub-buckets of width 1). */
  static final long EXACT_BELOW = 32_768;

  private final IntCountsHistogram histogram;

  private Percentiles(IntCountsHistogram histogram) {
    this.histogram = histogram;
  }

  public static Percentiles of(long[] values) {
    long max = 0;
    for (long v : values) {
      if (v < 0) {
        throw new IllegalArgumentException("a negative value: " + v);
      }
      max = Math.max(max, v);
    }
    // sized to the largest value: the histogram's memory grows with its range, not its count
    IntCountsHistogram h = new IntCountsHistogram(Math.max(2, max), SIGNIFICANT_DIGITS);
    for (long v : values) {
      h.recordValue(v);
    }
    return new Percentiles(h);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at {@code percentile} (0..100; 0 is the smallest value) of the values, as above; 0 if none. */
  public long at(double percentile) {
    if (count() == 0) {
      return 0;
    }
    return histogram.lowestEquivalentValue(histogram.getValueAtPercentile(percentile));
  }
}
