package io.vstack.model.config;

import static org.junit.Assert.assertEquals;

import io.vstack.model.TestConf;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class CostModelTest extends JUnitSuite {

  /** conf/cost-model.conf as shipped: 1.86 GiB/s, NUMA factor 2.1, 4 KiB pages. */
  private static final CostModel SHIPPED = TestConf.cost();
  /** Round figures: 2 GiB/s locally, 2.5 times slower remotely. */
  private static final CostModel ROUND = TestConf.cost("cost.scrub.gib-per-second=2", "cost.scrub.numa-factor=2.5");

  @Test
  public void pagesForConvertsMibToPagesOfThePageSize() {
    // 1 GiB / 4 KiB = 262,144 pages
    assertEquals(262_144, SHIPPED.pagesFor(1024));
    assertEquals(256, SHIPPED.pagesFor(1));
    assertEquals(0, SHIPPED.pagesFor(0));
    // 8 KiB pages: half as many
    assertEquals(131_072, TestConf.cost("cost.memory.page-kib=8").pagesFor(1024));
  }

  @Test
  public void gibConvertsPagesBackToGib() {
    assertEquals(1.0, SHIPPED.gib(262_144), 0.0);
    assertEquals(0.0625, SHIPPED.gib(16_384), 0.0);
  }

  @Test
  public void perGibScalesACostToThePagesAndRounds() {
    // build-per-gib 10 ms: half a GiB costs 5 ms
    assertEquals(10_000_000, SHIPPED.buildPerGib());
    assertEquals(5_000_000, SHIPPED.perGib(SHIPPED.buildPerGib(), 131_072));
    // 3 ns per GiB for 1/2 GiB = 1.5 ns, rounded half up to 2
    assertEquals(2, SHIPPED.perGib(3, 131_072));
    assertEquals(0, SHIPPED.perGib(10_000_000, 0));
  }

  @Test
  public void scrubbingLocallyTakesGibOverRate() {
    // 1 GiB at 2 GiB/s = 0.5 s; one 64 MiB batch = 1/16 GiB / 2 = 31.25 ms
    assertEquals(500_000_000, ROUND.scrubTime(262_144, false));
    assertEquals(31_250_000, ROUND.scrubTime(16_384, false));
    assertEquals(0, ROUND.scrubTime(0, false));
  }

  @Test
  public void scrubbingRemotelyTakesTheNumaFactorLonger() {
    // remote = local * 2.5: 1.25 s and 78.125 ms
    assertEquals(1_250_000_000, ROUND.scrubTime(262_144, true));
    assertEquals(78_125_000, ROUND.scrubTime(16_384, true));
  }

  @Test
  public void withTheShippedFiguresRemoteIsLocalTimesTwoPointOneRoundedOnce() {
    // 64 MiB = 0.0625 GiB / 1.86 GiB/s = 33,602,150.5 ns -> 33,602,151
    assertEquals(33_602_151, SHIPPED.scrubTime(16_384, false));
    // remote rounds the exact product: 0.0625 / 1.86 * 2.1 s = 70,564,516.1 ns -> 70,564,516
    // (not round(local) * 2.1 = 70,564,517.1)
    assertEquals(70_564_516, SHIPPED.scrubTime(16_384, true));
    assertEquals(2.1, SHIPPED.numaFactor(), 0.0);
    assertEquals(1.86, SHIPPED.scrubGibPerSecond(), 0.0);
  }
}
