package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class WeighingTest extends JUnitSuite {

  /** Nova's defaults: spread by free memory, count builds and build failures against a host; dirty memory as given. */
  private static Weighing weighing(double dirtyWeight) {
    return new Weighing(4, new FleetSpec.SchedulerSpec(512, 4.0, 3, 5_000_000L, 1, 1.0, -1.0, 1_000_000.0,
        dirtyWeight));
  }

  /** The best of {@code candidates}, each {host, free MiB, building, failures, dirty MiB}, added to {@code w}. */
  private static int best(Weighing w, long[]... candidates) {
    for (long[] c : candidates) {
      w.add((int) c[0], c[1], c[2], c[3], c[4]);
    }
    return w.best();
  }

  @Test
  public void theHostWithTheMostFreeMemoryWinsAndTiesGoToTheLowestHost() {
    assertEquals(2, best(weighing(0), new long[] {0, 1000, 0, 0, 0}, new long[] {2, 4000, 0, 0, 0},
        new long[] {3, 4000, 0, 0, 0}));
  }

  @Test
  public void aRecentBuildFailureOutweighsEveryOtherWeigher() {
    assertEquals(1, best(weighing(0), new long[] {0, 8000, 0, 1, 0}, new long[] {1, 1000, 5, 0, 0}));
  }

  @Test
  public void dirtyMemoryCountsAgainstAHostOnlyWhenWeighedSo() {
    long[] dirty = {0, 4000, 0, 0, 3000};
    long[] clean = {1, 3999, 0, 0, 0};
    assertEquals(0, best(weighing(0), dirty, clean));
    assertEquals(1, best(weighing(2.0), dirty, clean));
  }

  @Test
  public void aClearedWeighingForgetsTheLastDecisionsCandidatesAndTotals() {
    Weighing w = weighing(0);
    assertEquals(1, best(w, new long[] {0, 1000, 0, 0, 0}, new long[] {1, 9000, 0, 0, 0},
        new long[] {2, 5000, 0, 0, 0}));
    w.clear();
    assertEquals(2, best(w, new long[] {0, 1000, 0, 0, 0}, new long[] {2, 2000, 0, 0, 0}));
    assertEquals(2, w.size());
  }
}
