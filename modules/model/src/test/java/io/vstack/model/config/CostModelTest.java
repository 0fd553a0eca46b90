package io.vstack.model.config;

import static org.junit.Assert.assertEquals;

import io.vstack.model.TestConf;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class CostModelTest extends JUnitSuite {

  /** conf/cost-model.conf as shipped: 2.11 GiB/s per core, 60 ms per GiB released, 4 KiB pages. */
  private static final CostModel SHIPPED = TestConf.cost();

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
  public void bytesAndTheCoreCeilingAreInBinaryUnits() {
    assertEquals(4096, SHIPPED.bytes(1));
    assertEquals(1L << 30, SHIPPED.bytes(262_144));
    // 2.11 GiB/s = 2.11 x 2^30 bytes per second
    assertEquals(2.11, SHIPPED.scrubGibPerSecond(), 0.0);
    assertEquals(2.11 * (1L << 30), SHIPPED.coreBytesPerSecond(), 1e-3);
  }

  @Test
  public void releasingADomainsPagesCostsReleasePerGib() {
    // 60 ms per GiB: one 64 MiB batch = 1/16 GiB = 3.75 ms
    assertEquals(60_000_000, SHIPPED.releasePerGib());
    assertEquals(3_750_000, SHIPPED.releaseTime(16_384));
    assertEquals(60_000_000, SHIPPED.releaseTime(262_144));
    // rounding half up: 63 ms per GiB for 1/16 GiB is 3.9375 ms
    assertEquals(3_937_500, SHIPPED.perGib(63_000_000, 16_384));
    assertEquals(0, SHIPPED.releaseTime(0));
  }
}
