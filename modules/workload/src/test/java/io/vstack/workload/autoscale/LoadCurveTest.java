package io.vstack.workload.autoscale;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class LoadCurveTest extends JUnitSuite {
  private static final long S = 1_000_000_000L;

  @Test
  public void theDiurnalSwingPeaksAQuarterPeriodIn() {
    LoadCurve curve = LoadCurve.of(1000, 0.5, 400 * S, 0, 3, 10 * S, 400 * S, 1);
    assertEquals(1000, curve.at(0), 1e-9);
    assertEquals(1500, curve.at(100 * S), 1e-9);
    assertEquals(500, curve.at(300 * S), 1e-9);
  }

  @Test
  public void aBurstMultipliesTheLoadForItsLength() {
    LoadCurve curve = LoadCurve.of(1000, 0, 400 * S, 1, 3, 10 * S, 400 * S, 1);
    long start = curve.burstStarts()[0];
    assertEquals(3000, curve.at(start), 1e-9);
    assertEquals(3000, curve.at(start + 10 * S - 1), 1e-9);
    assertEquals(1000, curve.at(start + 10 * S), 1e-9);
  }

  @Test
  public void theSameSeedGivesTheSameBursts() {
    assertArrayEquals(LoadCurve.of(1, 0, S, 5, 2, S, 100 * S, 9).burstStarts(),
        LoadCurve.of(1, 0, S, 5, 2, S, 100 * S, 9).burstStarts());
  }
}
