package io.vstack.model.results;

/**
 * Distribution of a latency in virtual milliseconds: count, p50 and p95 (see {@link Percentiles} for how exact they
 * are), and the exact max and mean. Reproducible to the last digit: the same values give the same figures.
 */
public record Stats(int count, double p50, double p95, double max, double mean) {

  public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0);

  /** Statistics of {@code nanos}, converted to milliseconds. */
  public static Stats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    Percentiles percentiles = Percentiles.of(nanos);
    long sum = 0;
    long max = 0;
    for (long v : nanos) {
      sum += v;
      max = Math.max(max, v);
    }
    return new Stats(nanos.length, ms(percentiles.at(50)), ms(percentiles.at(95)), ms(max),
        Math.round((double) sum / nanos.length / 1e3) / 1e3);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
