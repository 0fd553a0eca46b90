package io.vstack.model.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class PercentilesTest extends JUnitSuite {

  /** The textbook nearest rank: the value at rank ceil(q * n) of the sorted values. */
  private static long nearestRank(long[] values, double percentile) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(percentile / 100 * sorted.length) - 1)];
  }

  @Test
  public void belowTheExactLimitPercentilesAreTheNearestRankExactly() {
    Random random = new Random(1);
    for (int n = 1; n <= 200; n++) {
      long[] v = random.longs(n, 0, Percentiles.EXACT_BELOW).toArray();
      Percentiles p = Percentiles.of(v);
      for (double q : new double[] {1, 25, 50, 90, 95, 99, 100}) {
        assertEquals("n=" + n + " p" + q, nearestRank(v, q), p.at(q));
      }
    }
  }

  @Test
  public void aboveItAPercentileIsAtMostOnePartIn16384UnderTheNearestRankNeverAbove() {
    Random random = new Random(2);
    for (int n = 1; n <= 200; n++) {
      long[] v = random.longs(n, 0, 300_000_000_000L).toArray();
      Percentiles p = Percentiles.of(v);
      for (double q : new double[] {50, 95, 100}) {
        long exact = nearestRank(v, q);
        long approx = p.at(q);
        assertTrue(approx + " > " + exact, approx <= exact);
        assertTrue(approx + " far below " + exact, exact - approx <= exact / 16_384);
      }
    }
  }

  @Test
  public void theRankIsRoundedUpAndNotPushedPastByFloatingPoint() {
    long[] hundred = new long[100];
    Arrays.setAll(hundred, i -> i + 1);
    assertEquals(95, Percentiles.of(hundred).at(95));
    assertEquals(50, Percentiles.of(hundred).at(50));
    assertEquals(2, Percentiles.of(new long[] {3, 1, 2}).at(50));
  }

  @Test
  public void theOrderOfTheValuesDoesNotMatter() {
    long[] v = new Random(3).longs(1000, 0, 10_000_000_000L).toArray();
    long[] reversed = v.clone();
    Arrays.sort(reversed);
    for (int i = 0; i < reversed.length / 2; i++) {
      long t = reversed[i];
      reversed[i] = reversed[reversed.length - 1 - i];
      reversed[reversed.length - 1 - i] = t;
    }
    assertEquals(Percentiles.of(v).at(95), Percentiles.of(reversed).at(95));
  }

  @Test
  public void noValuesGiveZero() {
    assertEquals(0, Percentiles.of(new long[0]).at(95));
    assertEquals(0, Percentiles.of(new long[0]).count());
  }
}
