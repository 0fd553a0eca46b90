package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.LpRef;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import io.vstack.model.xenstore.XenstoreShard.Status;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A shard's side of a cross-shard commit: prepare, hold, commit or abort; restarts and dead clients. */
public class TwoPhaseCommitProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final long L = 50_000;
  private static final long MS = 1_000_000;
  private static final LpRef<XenMsg> CLIENT = ProtocolHarness.clientOf(1);
  private static final String STATE = "/local/domain/0/backend/vif/1/0/state";

  private static XenstoreShard shard(ConflictRule rule) {
    return new XenstoreShard(0, new XenstoreCosts(TestConf.cost(), rule), rule, L);
  }

  private static ProtocolHarness harness(XenstoreShard shard) {
    TestProbe<Received> probe = testKit.createTestProbe();
    return new ProtocolHarness(L, probe.getRef(), shard);
  }

  /** Transactions 1 and 2 started at L, each writing {@code path1} and {@code path2} at 1 ms; tx 1 prepared at 2 ms. */
  private static ProtocolHarness onePrepared(ProtocolHarness h, String path1, String path2) {
    return h.send(L, 0, new XenstoreShard.TxStart(CLIENT, 1))
        .send(L, 0, new XenstoreShard.TxStart(CLIENT, 2))
        .send(1 * MS, 0, new XenstoreShard.TxApply(1, List.of(TxOp.write(path1, "1")), CLIENT, 3))
        .send(1 * MS, 0, new XenstoreShard.TxApply(2, List.of(TxOp.write(path2, "2")), CLIENT, 4))
        .send(2 * MS, 0, new XenstoreShard.TxPrepare(1, CLIENT, 5));
  }

  private static Received reply(ProtocolHarness h, long tag) {
    return h.received().stream().filter(r -> r.message() instanceof XsReply x && x.tag() == tag).findFirst()
        .orElseThrow(() -> new AssertionError("no reply with tag " + tag + " in " + h.received()));
  }

  private static Status status(ProtocolHarness h, long tag) {
    return ((XsReply) reply(h, tag).message()).status();
  }

  @Test
  public void aPreparedTransactionHoldsItsNodesUntilItCommits() {
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = onePrepared(harness(shard), STATE, STATE)
        .send(3 * MS, 0, new XenstoreShard.TxPrepare(2, CLIENT, 6))
        .send(3 * MS, 0, new XenstoreShard.Write(STATE, "outside", CLIENT, 7))
        .send(3 * MS, 0, new XenstoreShard.Read(STATE, CLIENT, 8))
        .send(4 * MS, 0, new XenstoreShard.TxCommit(1, CLIENT, 9));
    h.run(testKit.system());

    assertEquals(Status.ok, status(h, 5));
    assertEquals("another transaction on the held node fails at once", Status.eagain, status(h, 6));
    assertEquals("the prepared write is not visible before the commit", Status.enoent, status(h, 8));
    assertEquals(Status.ok, status(h, 9));
    assertTrue("the outside write waited for the commit", reply(h, 7).time() > 4 * MS);
    assertEquals("served after the commit, so it stays", "outside", shard.tree().read(STATE));
    assertEquals(2, shard.ops(XenstoreShard.Op.tx_prepare));
    assertEquals(1, shard.ops(XenstoreShard.Op.tx_conflict));
    assertEquals(0, shard.report().openTransactions());
    assertEquals(0, shard.report().waitingRequests());
  }

  @Test
  public void anAbortedTransactionLeavesNothingAndReleasesWhatWaited() {
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = onePrepared(harness(shard), STATE, "/local/domain/0/backend/vbd/1/0/state")
        .send(3 * MS, 0, new XenstoreShard.Remove("/local/domain/0/backend/vif/1", CLIENT, 6))
        .send(4 * MS, 0, new XenstoreShard.TxAbort(1, CLIENT, 7))
        .send(5 * MS, 0, new XenstoreShard.TxCommit(2, CLIENT, 8));
    h.run(testKit.system());

    assertEquals(Status.ok, status(h, 7));
    assertTrue("the removal above the held node waited for the abort", reply(h, 6).time() > 4 * MS);
    assertEquals("nothing there to remove: the aborted write never happened", Status.enoent, status(h, 6));
    assertNull(shard.tree().read(STATE));
    assertEquals("a transaction on other nodes was never held up", Status.ok, status(h, 8));
    assertEquals(1, shard.ops(XenstoreShard.Op.tx_abort));
    assertEquals(0, shard.report().openTransactions());
  }

  @Test
  public void underTheStoreRuleAPreparedTransactionHoldsTheWholeShardAgainstOtherTransactions() {
    XenstoreShard shard = shard(ConflictRule.store);
    ProtocolHarness h = onePrepared(harness(shard), STATE, "/local/domain/0/backend/vbd/1/0/state")
        .send(3 * MS, 0, new XenstoreShard.TxCommit(2, CLIENT, 6))
        .send(3 * MS, 0, new XenstoreShard.Write("/tool/unrelated", "x", CLIENT, 7))
        .send(4 * MS, 0, new XenstoreShard.TxCommit(1, CLIENT, 8));
    h.run(testKit.system());

    assertEquals(Status.eagain, status(h, 6));
    assertTrue("an outside write elsewhere does not wait", reply(h, 7).time() < 4 * MS);
    assertEquals(Status.ok, status(h, 8));
    assertEquals("1", shard.tree().read(STATE));
  }

  @Test
  public void aRestartLosesOpenTransactionsButKeepsPreparedOnes() {
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = onePrepared(harness(shard), STATE, "/local/domain/0/backend/vbd/1/0/state")
        .send(2500_000, 0, new XenstoreShard.Restart(1 * MS))
        .send(3 * MS, 0, new XenstoreShard.TxCommit(1, CLIENT, 6))
        .send(3 * MS, 0, new XenstoreShard.TxPrepare(2, CLIENT, 7));
    h.run(testKit.system());

    assertEquals(Status.ok, status(h, 6));
    assertTrue("served once xenstored is back", reply(h, 6).time() > 3500_000);
    assertEquals("1", shard.tree().read(STATE));
    assertEquals("the unprepared one was lost", Status.eagain, status(h, 7));
    assertEquals(1, shard.report().abortedTransactions());
    assertEquals(0, shard.report().openTransactions());
  }

  @Test
  public void aDeadClientsPreparedTransactionEndsWithItsConnection() {
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = onePrepared(harness(shard), STATE, "/local/domain/0/backend/vbd/1/0/state")
        .send(3 * MS, 0, new XenstoreShard.Update(STATE, "4", CLIENT, 6))
        .send(4 * MS, 0, new XenstoreShard.Disconnect(CLIENT));
    h.run(testKit.system());

    assertTrue("the update waited for the prepared transaction to end", reply(h, 6).time() > 4 * MS);
    assertEquals("and found no node: nothing was committed", Status.enoent, status(h, 6));
    assertFalse(shard.tree().exists(STATE));
    assertEquals(0, shard.report().openTransactions());
    assertEquals(0, shard.report().preparedTransactions());
  }
}
