package io.vstack.workload.autoscale;

import java.util.SplittableRandom;

/**
 * A service's offered load over time, requests per second: a diurnal sine (compressed to {@code period}) with
 * seeded bursts that multiply the load for a while, the shape of web traffic with flash crowds. Pure function of
 * its parameters and seed; uses {@link StrictMath} so every JVM computes the same curve.
 *
 * @param base        mean load, requests/s
 * @param swing       diurnal amplitude as a fraction of base (0..1)
 * @param periodNs    length of one compressed day, virtual ns
 * @param bursts      number of bursts over {@code durationNs}
 * @param burstFactor load multiplier during a burst
 * @param burstNs     length of one burst, virtual ns
 * @param durationNs  how long the curve runs, virtual ns
 */
public record LoadCurve(double base, double swing, long periodNs, int bursts, double burstFactor, long burstNs,
    long durationNs, long[] burstStarts) implements Load {

  public static LoadCurve of(double base, double swing, long periodNs, int bursts, double burstFactor, long burstNs,
      long durationNs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] starts = new long[bursts];
    for (int i = 0; i < bursts; i++) {
      starts[i] = (long) (random.nextDouble() * Math.max(1, durationNs - burstNs));
    }
    java.util.Arrays.sort(starts);
    return new LoadCurve(base, swing, periodNs, bursts, burstFactor, burstNs, durationNs, starts);
  }

  @Override
  public double at(long t) {
    double load = base * (1 + swing * StrictMath.sin(2 * StrictMath.PI * t / periodNs));
    for (long start : burstStarts) {
      if (t >= start && t < start + burstNs) {
        return load * burstFactor;
      }
    }
    return load;
  }
}
