package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;

import io.vstack.model.TestConf;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ConflictRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class XenstoreCostsTest extends JUnitSuite {

  // conf/cost-model.conf: message-latency 50 us, op 20 us, per-entry 1 us, tx-copy-per-node 200 ns,
  // commit-per-node 2 us
  private static final CostModel COST = TestConf.cost();
  private static final XenstoreCosts STORE = new XenstoreCosts(COST, ConflictRule.store);
  private static final XenstoreCosts NODE = new XenstoreCosts(COST, ConflictRule.node);

  @Test
  public void simpleRequestsCostOneOp() {
    assertEquals(20_000, STORE.simple());
    assertEquals(20_000, NODE.simple());
  }

  @Test
  public void aDirectoryCostsAnOpPlusOneEntryPerChild() {
    assertEquals(20_000, NODE.directory(0));
    // 20 us + 5 * 1 us
    assertEquals(25_000, NODE.directory(5));
    assertEquals(25_000, STORE.directory(5));
  }

  @Test
  public void transactionStartCopiesTheWholeStoreOnlyUnderTheStoreRule() {
    // store: 20 us + 100 nodes * 200 ns = 40 us
    assertEquals(40_000, STORE.transactionStart(100));
    // node: 20 us whatever the store size
    assertEquals(20_000, NODE.transactionStart(100));
    assertEquals(20_000, NODE.transactionStart(1_000_000));
    // store with 1,000,000 nodes: 20 us + 200 ms
    assertEquals(200_020_000, STORE.transactionStart(1_000_000));
  }

  @Test
  public void writesInATransactionCostOneOpEach() {
    assertEquals(0, NODE.writes(0));
    assertEquals(60_000, NODE.writes(3));
    assertEquals(60_000, STORE.writes(3));
  }

  @Test
  public void aCommitCostsAnOpPlusPerTouchedNodeUnderBothRules() {
    // 20 us + 4 * 2 us
    assertEquals(28_000, STORE.commit(4));
    assertEquals(28_000, NODE.commit(4));
    assertEquals(20_000, NODE.commit(0));
  }

  @Test
  public void aNameLookupCostsOneDirectoryAndOneReadPerDomain() {
    assertEquals(20_000, NODE.nameLookup(0));
    // 20 us + 10 * (1 us + 20 us) = 230 us
    assertEquals(230_000, NODE.nameLookup(10));
    assertEquals(230_000, STORE.nameLookup(10));
  }

  @Test
  public void aBatchOfKRequestsAddsKMinusOneRoundTripsOfTwoLatencies() {
    assertEquals(0, NODE.extraRoundTrips(0));
    assertEquals(0, NODE.extraRoundTrips(1));
    // (4 - 1) * 2 * 50 us
    assertEquals(300_000, NODE.extraRoundTrips(4));
    assertEquals(300_000, STORE.extraRoundTrips(4));
  }
}
