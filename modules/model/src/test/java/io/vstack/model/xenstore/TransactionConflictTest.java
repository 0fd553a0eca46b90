package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A transaction's conflict rules, checked against a store changed behind its back. */
public class TransactionConflictTest extends JUnitSuite {

  private static final LpRef<XenMsg> CLIENT = LpRef.of(7);

  private static Transaction open(XenstoreTree tree, TxOp... ops) {
    Transaction tx = new Transaction(tree.generation(), CLIENT);
    tx.add(List.of(ops), tree);
    return tx;
  }

  @Test
  public void underTheStoreRuleAnyChangeConflicts() {
    XenstoreTree tree = new XenstoreTree();
    Transaction tx = open(tree, TxOp.write("/a", "1"));
    assertFalse(tx.conflicts(tree, ConflictRule.store));
    tree.write("/elsewhere", "x");
    assertTrue(tx.conflicts(tree, ConflictRule.store));
    assertFalse(tx.conflicts(tree, ConflictRule.node));
  }

  @Test
  public void underTheNodeRuleAChangeToATouchedNodeConflicts() {
    XenstoreTree tree = new XenstoreTree();
    tree.write("/a", "0");
    Transaction tx = open(tree, TxOp.write("/a", "1"));
    tree.write("/a", "2");
    assertTrue(tx.conflicts(tree, ConflictRule.node));
  }

  @Test
  public void aNodeRemovedSinceTheStartConflictsUnderTheNodeRule() {
    XenstoreTree tree = new XenstoreTree();
    tree.write("/d/a", "0");
    Transaction tx = open(tree, TxOp.remove("/d/a"));
    tree.remove("/d/a");
    assertTrue(tx.conflicts(tree, ConflictRule.node));
  }

  @Test
  public void anAbsentNodeWhoseParentChangedSinceTheStartMayHaveBeenRemoved() {
    XenstoreTree tree = new XenstoreTree();
    tree.write("/d/x", "0");
    Transaction tx = open(tree);
    tree.write("/d/sibling", "1");
    tx.add(List.of(TxOp.write("/d/new", "2")), tree);
    // /d changed after the start, so /d/new may have existed and been removed meanwhile: a retry, never a lost update
    assertTrue(tx.conflicts(tree, ConflictRule.node));
  }

  @Test
  public void anAbsentNodeUnderAnUnchangedParentDoesNotConflict() {
    XenstoreTree tree = new XenstoreTree();
    tree.write("/d/x", "0");
    Transaction tx = open(tree, TxOp.write("/d/new", "2"));
    tree.write("/other", "1");
    assertFalse(tx.conflicts(tree, ConflictRule.node));
  }

  @Test
  public void itOverlapsTheNodesItTouchedAndThoseAboveAndBelowThem() {
    XenstoreTree tree = new XenstoreTree();
    Transaction tx = open(tree, TxOp.write("/a/b", "1"), TxOp.write("/a/b", "2"));
    assertEquals(1, tx.touchedNodes());
    assertTrue(tx.overlaps("/a/b"));
    assertTrue(tx.overlaps("/a"));
    assertTrue(tx.overlaps("/a/b/c"));
    assertFalse(tx.overlaps("/a/bc"));
    assertFalse(tx.overlaps("/x"));
    assertTrue(tx.overlaps(open(tree, TxOp.remove("/a"))));
    assertFalse(tx.overlaps(open(tree, TxOp.remove("/x"))));
  }

  @Test
  public void committingAppliesTheOperationsInOrderAndReportsWhatChanged() {
    XenstoreTree tree = new XenstoreTree();
    tree.write("/old", "x");
    Transaction tx = open(tree, TxOp.write("/a/b", "1"), TxOp.remove("/old"), TxOp.write("/a/b", "2"));
    assertEquals(List.of("/a", "/a/b", "/old", "/a/b"), tx.applyTo(tree));
    assertEquals("2", tree.read("/a/b"));
    assertFalse(tree.exists("/old"));
  }
}
