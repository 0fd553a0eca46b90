package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import java.util.List;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A shard's transactions: what a prepared one holds, what a restart loses, what a closed connection ends. */
public class TransactionsTest extends JUnitSuite {

  private static final LpRef<XenMsg> A = LpRef.of(1);
  private static final LpRef<XenMsg> B = LpRef.of(2);

  private static long open(Transactions txs, XenstoreTree tree, LpRef<XenMsg> owner, TxOp... ops) {
    long id = txs.start(tree.generation(), owner);
    txs.get(id).add(List.of(ops), tree);
    return id;
  }

  @Test
  public void aPreparedTransactionHoldsItsNodesAgainstOthersUnderTheNodeRule() {
    XenstoreTree tree = new XenstoreTree();
    Transactions txs = new Transactions(0, ConflictRule.node);
    long first = open(txs, tree, A, TxOp.write("/a/b", "1"));
    long other = open(txs, tree, B, TxOp.write("/a", "2"));
    long apart = open(txs, tree, B, TxOp.write("/x", "3"));
    assertTrue(txs.prepare(first, tree));
    assertTrue(txs.held("/a/b/c"));
    assertFalse(txs.held("/x"));
    assertFalse(txs.clean(txs.end(other, "commit"), tree));
    assertTrue(txs.clean(txs.end(apart, "commit"), tree));
    assertEquals(1, txs.openCount());
    assertEquals(1, txs.preparedCount());
  }

  @Test
  public void aPreparedTransactionHoldsTheWholeShardUnderTheStoreRule() {
    XenstoreTree tree = new XenstoreTree();
    Transactions txs = new Transactions(0, ConflictRule.store);
    long first = open(txs, tree, A, TxOp.write("/a", "1"));
    long apart = open(txs, tree, B, TxOp.write("/x", "3"));
    assertTrue(txs.prepare(first, tree));
    assertFalse(txs.clean(txs.end(apart, "commit"), tree));
  }

  @Test
  public void committingAPreparedTransactionEndsItsHold() {
    XenstoreTree tree = new XenstoreTree();
    Transactions txs = new Transactions(0, ConflictRule.node);
    long id = open(txs, tree, A, TxOp.write("/a", "1"));
    txs.prepare(id, tree);
    Transaction held = txs.endPrepared(id);
    assertFalse(txs.anyPrepared());
    assertFalse(txs.held("/a"));
    assertNull(txs.endPrepared(id));
    assertTrue(held.overlaps("/a"));
  }

  @Test
  public void aRestartLosesTheOpenTransactionsButKeepsThePreparedOnes() {
    XenstoreTree tree = new XenstoreTree();
    Transactions txs = new Transactions(0, ConflictRule.node);
    long prepared = open(txs, tree, A, TxOp.write("/a", "1"));
    long open = open(txs, tree, B, TxOp.write("/b", "1"));
    txs.prepare(prepared, tree);
    txs.loseOpen();
    assertTrue(txs.lost(open));
    assertEquals(1, txs.lostTotal());
    assertEquals(1, txs.openCount());
    assertTrue(txs.endLost(open));
    assertFalse(txs.lost(open));
    Assert.assertThrows(IllegalStateException.class, () -> txs.end(open, "commit"));
  }

  @Test
  public void aClosedConnectionEndsItsTransactionsAndSaysWhetherOneWasPrepared() {
    XenstoreTree tree = new XenstoreTree();
    Transactions txs = new Transactions(0, ConflictRule.node);
    long a = open(txs, tree, A, TxOp.write("/a", "1"));
    open(txs, tree, A, TxOp.write("/b", "1"));
    open(txs, tree, B, TxOp.write("/c", "1"));
    txs.prepare(a, tree);
    assertFalse(txs.disconnect(LpRef.of(9)));
    assertTrue(txs.disconnect(A));
    assertEquals(1, txs.openCount());
  }

  @Test
  public void abortingSaysWhetherTheTransactionWasPrepared() {
    XenstoreTree tree = new XenstoreTree();
    Transactions txs = new Transactions(0, ConflictRule.node);
    long open = open(txs, tree, A, TxOp.write("/a", "1"));
    long prepared = open(txs, tree, B, TxOp.write("/b", "1"));
    txs.prepare(prepared, tree);
    assertFalse(txs.abort(open));
    assertTrue(txs.abort(prepared));
    assertEquals(0, txs.openCount());
  }
}
