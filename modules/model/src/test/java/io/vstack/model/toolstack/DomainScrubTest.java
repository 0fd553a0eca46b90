package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.model.TestConf;
import io.vstack.model.config.CostModel;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class DomainScrubTest extends JUnitSuite {
  private static final CostModel COST = TestConf.cost();

  @Test
  public void remoteScrubbingGoesBatchByBatchSkippingNodesWithoutPages() {
    long batch = COST.pagesFor(COST.scrubBatchMib());
    DomainScrub s = new DomainScrub(new long[] {0, batch + 3, 0, 2});
    assertTrue(s.nextBatch());
    assertEquals("node 0 owned nothing", 1, s.node());
    assertEquals(batch, s.batch(COST));
    s.scrubbed(batch);
    assertTrue(s.nextBatch());
    assertEquals(1, s.node());
    assertEquals("the rest of node 1", 3, s.batch(COST));
    s.scrubbed(3);
    assertTrue(s.nextBatch());
    assertEquals(3, s.node());
    assertEquals(2, s.batch(COST));
    s.scrubbed(2);
    assertFalse(s.nextBatch());
  }

  @Test
  public void aDomainWithoutMemoryHasNothingToScrub() {
    assertFalse(new DomainScrub(new long[3]).nextBatch());
  }

  @Test
  public void localScrubbingEndsWithTheLastNodesAnswer() {
    DomainScrub s = new DomainScrub(new long[] {4, 0, 6});
    s.expectNode();
    s.expectNode();
    assertEquals(2, s.pending());
    assertFalse(s.nodeScrubbed());
    assertTrue(s.nodeScrubbed());
    assertEquals(0, s.pending());
  }
}
