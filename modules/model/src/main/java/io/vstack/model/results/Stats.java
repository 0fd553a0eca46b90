package io.vstack.model.results;

import java.util.Arrays;

/**
 * Distribution of a latency in virtual milliseconds: count, nearest-rank p50 and p95, max and mean. Computed
 * exactly from the sorted values, so the figures are reproducible to the last digit.
 */
public record Stats(int count, double p50, double p95, double max, double mean) {

  public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0);

  /** Statistics of {@code nanos}, converted to milliseconds. */
  public static Stats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new Stats(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.95)), ms(sorted[sorted.length - 1]),
        Math.round(sum / sorted.length / 1e3) / 1e3);
  }

  private static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
