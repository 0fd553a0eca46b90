package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;

import io.vstack.model.TestConf;
import io.vstack.model.config.CostModel;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class FreememTest extends JUnitSuite {
  private static final long S = 1_000_000_000L;
  private static final CostModel COST = TestConf.cost();

  @Test
  public void ballooningOneGibTakesTheBalloonDriverItsPerGibCpuTimeBesidesZeroing() {
    assertEquals(525_000_000, Freemem.balloonTime(COST, COST.pagesFor(1024)));
    assertEquals(131_250_000, Freemem.balloonTime(COST, COST.pagesFor(256)));
  }

  @Test
  public void libxlNoticesAtItsFirstPollAfterDom0IsDoneAndNeverBeforeOnePoll() {
    long start = 7 * S;
    assertEquals("dom0 done at once: still one 2 s sleep", start + 2 * S, Freemem.noticedAt(COST, start, start));
    assertEquals(start + 2 * S, Freemem.noticedAt(COST, start, start + S));
    assertEquals("done right at the first check", start + 2 * S, Freemem.noticedAt(COST, start, start + 2 * S));
    assertEquals("just missed it: the next check", start + 4 * S, Freemem.noticedAt(COST, start, start + 2 * S + 1));
    assertEquals(start + 6 * S, Freemem.noticedAt(COST, start, start + 5 * S));
  }
}
