package io.vstack.model.results;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class StatsTest extends JUnitSuite {

  private static final long MS = 1_000_000;

  /** Count, max and mean exactly; p50 and p95 as {@link Percentiles} promises: at most 1/16,384 under, never over. */
  private static void assertStats(Stats expected, Stats actual) {
    assertEquals(expected.count(), actual.count());
    assertEquals(expected.max(), actual.max(), 0.0);
    assertEquals(expected.mean(), actual.mean(), 0.0);
    assertPercentile(expected.p50(), actual.p50());
    assertPercentile(expected.p95(), actual.p95());
  }

  private static void assertPercentile(double expected, double actual) {
    assertTrue(actual + " above " + expected, actual <= expected);
    assertEquals(expected, actual, expected / 16_384);
  }

  @Test
  public void noValuesGiveTheEmptyStats() {
    assertSame(Stats.EMPTY, Stats.ofNanos(new long[0]));
    assertEquals(new Stats(0, 0, 0, 0, 0), Stats.EMPTY);
  }

  @Test
  public void oneValueIsEveryPercentileMaxAndMean() {
    // 7 ms is in a histogram bucket of 256 ns starting at 6,999,808 ns (see Percentiles); max and mean are exact
    assertEquals(new Stats(1, 6.999808, 6.999808, 7.0, 7.0), Stats.ofNanos(new long[] {7 * MS}));
  }

  @Test
  public void percentilesAreNearestRankOverTheValues() {
    // 20 values 1..20 ms, shuffled. p50: rank ceil(0.5 * 20) = 10 -> 10 ms; p95: rank ceil(0.95 * 20) = 19 ->
    // 19 ms; mean 10.5 ms
    long[] v = new long[20];
    for (int i = 0; i < 20; i++) {
      v[i] = ((i * 7) % 20 + 1) * MS;
    }
    assertStats(new Stats(20, 10.0, 19.0, 20.0, 10.5), Stats.ofNanos(v));
  }

  @Test
  public void nearestRankRoundsTheRankUp() {
    // 3 values: p50 rank ceil(1.5) = 2 -> 2 ms; p95 rank ceil(2.85) = 3 -> 3 ms; mean 2 ms
    assertStats(new Stats(3, 2.0, 3.0, 3.0, 2.0), Stats.ofNanos(new long[] {3 * MS, 1 * MS, 2 * MS}));
    // 21 values 1..21 ms: p50 rank ceil(10.5) = 11; p95 rank ceil(19.95) = 20; mean 11 ms
    long[] v = new long[21];
    for (int i = 0; i < 21; i++) {
      v[i] = (21 - i) * MS;
    }
    assertStats(new Stats(21, 11.0, 20.0, 21.0, 11.0), Stats.ofNanos(v));
    // 100 values 1..100 ms: p50 rank 50, p95 rank 95 (0.95 * 100 must not become rank 96)
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = (i + 1) * MS;
    }
    assertStats(new Stats(100, 50.0, 95.0, 100.0, 50.5), Stats.ofNanos(hundred));
  }

  @Test
  public void smallValuesAreExactAndTheMeanIsRoundedToTheMicrosecond() {
    // below 32,768 ns every value is its own histogram bucket: p50 of {1.5 us, 2.001 us} is exactly 1.5 us
    assertEquals(new Stats(2, 0.0015, 0.002001, 0.002001, 0.002), Stats.ofNanos(new long[] {1_500, 2_001}));
    // mean 1.5 ns rounds to 0
    assertEquals(0.0, Stats.ofNanos(new long[] {1, 2}).mean(), 0.0);
    // max keeps the nanosecond however large: 2.000001 ms
    assertEquals(2.000001, Stats.ofNanos(new long[] {1_500_000, 2_000_001}).max(), 0.0);
  }

  @Test
  public void theInputIsNotReordered() {
    long[] v = {3, 1, 2};
    Stats.ofNanos(v);
    assertArrayEquals(new long[] {3, 1, 2}, v);
  }
}
