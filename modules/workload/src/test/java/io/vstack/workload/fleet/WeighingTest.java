package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class WeighingTest extends JUnitSuite {

  /** Nova's defaults: spread by free memory, count builds and build failures against a host; dirty memory off. */
  private static FleetSpec.SchedulerSpec weights(double dirtyWeight) {
    return new FleetSpec.SchedulerSpec(512, 4.0, 3, 5_000_000L, 1, 1.0, -1.0, 1_000_000.0, dirtyWeight);
  }

  @Test
  public void theHostWithTheMostFreeMemoryWinsAndTiesGoToTheLowestHost() {
    Weighing w = new Weighing(4, weights(0));
    w.add(0, 1000, 0, 0, 0);
    w.add(2, 4000, 0, 0, 0);
    w.add(3, 4000, 0, 0, 0);
    assertEquals(2, w.best());
  }

  @Test
  public void aRecentBuildFailureOutweighsEveryOtherWeigher() {
    Weighing w = new Weighing(3, weights(0));
    w.add(0, 8000, 0, 1, 0);
    w.add(1, 1000, 5, 0, 0);
    assertEquals(1, w.best());
  }

  @Test
  public void dirtyMemoryCountsAgainstAHostOnlyWhenWeighedSo() {
    Weighing off = new Weighing(2, weights(0));
    off.add(0, 4000, 0, 0, 3000);
    off.add(1, 3999, 0, 0, 0);
    assertEquals(0, off.best());
    Weighing on = new Weighing(2, weights(2.0));
    on.add(0, 4000, 0, 0, 3000);
    on.add(1, 3999, 0, 0, 0);
    assertEquals(1, on.best());
  }

  @Test
  public void aClearedWeighingForgetsTheLastDecisionsCandidatesAndTotals() {
    Weighing w = new Weighing(3, weights(0));
    w.add(0, 1000, 0, 0, 0);
    w.add(1, 9000, 0, 0, 0);
    w.add(2, 5000, 0, 0, 0);
    assertEquals(1, w.best());
    w.clear();
    w.add(0, 1000, 0, 0, 0);
    w.add(2, 2000, 0, 0, 0);
    assertEquals(2, w.size());
    assertEquals(2, w.best());
  }
}
