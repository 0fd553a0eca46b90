package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.EngineFailure;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.TestConf;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ConflictRule;
import io.vstack.model.xenstore.XenstoreShard.Status;
import io.vstack.model.xenstore.XenstoreShard.WatchEvent;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.List;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class XenstoreShardProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  // Watch fan-out off: these tests pin the request protocol; its cost has a test of its own.
  private static final CostModel COST = TestConf.cost("cost.xenstore.watch-check=0", "cost.xenstore.watch-event=0");
  private static final long L = 50_000;      // message latency
  private static final long OP = 20_000;     // xenstore op
  private static final long MS = 1_000_000;

  private static XenstoreShard shard(ConflictRule rule) {
    return new XenstoreShard(0, new XenstoreCosts(COST, rule), rule, L);
  }

  private static XsReply ok(long tag) {
    return new XsReply(tag, Status.ok, null, null, 0);
  }

  @Test
  public void theCostModelUsedHereHasTheFiguresTheArithmeticAssumes() {
    assertEquals(L, COST.messageLatency());
    assertEquals(OP, COST.xsOp());
    assertEquals(1_000, COST.xsPerEntry());
    assertEquals(200, COST.xsTxCopyPerNode());
    assertEquals(2_000, COST.xsCommitPerNode());
  }

  @Test
  public void aShardServesRequestsOneAtATimeInArrivalOrder() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    h.send(L, 0, new XenstoreShard.Read("/local/domain/0/name", h.client(), 1))
        .send(L, 0, new XenstoreShard.Read("/nope", h.client(), 2))
        .send(1 * MS, 0, new XenstoreShard.Directory("/local/domain/0", h.client(), 3));
    h.run(testKit.system());

    // both reads arrive at L: served L..L+op and L+op..L+2op, each reply L after its service ends
    probe.expectMessage(new Received(L + OP + L, new XsReply(1, Status.ok, "Domain-0", null, 0)));
    probe.expectMessage(new Received(L + 2 * OP + L, new XsReply(2, Status.enoent, null, null, 0)));
    // idle server at 1 ms: directory of 2 children = op + 2 * 1 us
    probe.expectMessage(new Received(1 * MS + OP + 2_000 + L,
        new XsReply(3, Status.ok, null, List.of("domid", "name"), 0)));
    assertEquals(3, h.received().size());
    assertEquals(2 * OP + OP + 2_000, shard.report().busyNanos());
    assertEquals(2, shard.ops(XenstoreShard.Op.read));
    assertEquals(1, shard.ops(XenstoreShard.Op.directory));
  }

  /** TxStart at L, an outside write to {@code outsidePath} at 1 ms, the tx's two writes at 2 ms, commit at 3 ms. */
  private static ProtocolHarness transactionScript(ProtocolHarness h, String outsidePath) {
    return h.send(L, 0, new XenstoreShard.TxStart(h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.Write(outsidePath, "outside", h.client(), 2))
        .send(2 * MS, 0, new XenstoreShard.TxApply(1, List.of(TxOp.write("/local/domain/1/name", "g"),
            TxOp.write("/local/domain/1/domid", "1")), h.client(), 3))
        .send(3 * MS, 0, new XenstoreShard.TxCommit(1, h.client(), 4));
  }

  @Test
  public void underTheStoreRuleAnyOutsideWriteMakesACommitFailWithEagain() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.store);
    ProtocolHarness h = transactionScript(new ProtocolHarness(L, probe.getRef(), shard), "/tool/unrelated");
    h.run(testKit.system());

    // start copies the store: 6 nodes (/, /local, /local/domain, .../0, .../0/name, .../0/domid) * 200 ns
    probe.expectMessage(new Received(L + OP + 6 * 200 + L, new XsReply(1, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(1 * MS + OP + L, ok(2)));
    // 2 writes: 2 op of service and 1 extra round trip (2L)
    probe.expectMessage(new Received(2 * MS + 2 * OP + L + 2 * L, new XsReply(3, Status.ok, null, null, 1)));
    // commit of 2 touched nodes: op + 2 * 2 us; the unrelated write changed the store's generation
    probe.expectMessage(new Received(3 * MS + OP + 4_000 + L, new XsReply(4, Status.eagain, null, null, 1)));
    assertEquals(4, h.received().size());
    assertFalse(shard.tree().exists("/local/domain/1"));
    assertEquals(1, shard.ops(XenstoreShard.Op.tx_conflict));
    assertEquals(1, shard.ops(XenstoreShard.Op.tx_commit));
    assertEquals(2, shard.ops(XenstoreShard.Op.tx_ops));
    assertEquals(0, shard.report().openTransactions());
  }

  @Test
  public void underTheStoreRuleATransactionWithoutOutsideWritesCommits() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.store);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    h.send(L, 0, new XenstoreShard.TxStart(h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.Read("/local/domain/0/name", h.client(), 2))
        .send(2 * MS, 0, new XenstoreShard.TxApply(1, List.of(TxOp.write("/local/domain/1/name", "g")),
            h.client(), 3))
        .send(3 * MS, 0, new XenstoreShard.TxCommit(1, h.client(), 4));
    h.run(testKit.system());

    probe.expectMessage(new Received(L + OP + 6 * 200 + L, new XsReply(1, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(1 * MS + OP + L, new XsReply(2, Status.ok, "Domain-0", null, 0)));
    // one write: op, no extra round trip
    probe.expectMessage(new Received(2 * MS + OP + L, new XsReply(3, Status.ok, null, null, 1)));
    // a read does not change the store: commit ok, op + 1 * 2 us
    probe.expectMessage(new Received(3 * MS + OP + 2_000 + L, new XsReply(4, Status.ok, null, null, 1)));
    assertEquals("g", shard.tree().read("/local/domain/1/name"));
  }

  @Test
  public void underTheNodeRuleAnUnrelatedOutsideWriteDoesNotMakeACommitFail() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = transactionScript(new ProtocolHarness(L, probe.getRef(), shard), "/tool/unrelated");
    h.run(testKit.system());

    // no store copy under the node rule: start costs op only
    probe.expectMessage(new Received(L + OP + L, new XsReply(1, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(1 * MS + OP + L, ok(2)));
    probe.expectMessage(new Received(2 * MS + 2 * OP + L + 2 * L, new XsReply(3, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(3 * MS + OP + 4_000 + L, new XsReply(4, Status.ok, null, null, 1)));
    assertEquals(4, h.received().size());
    assertEquals("g", shard.tree().read("/local/domain/1/name"));
    assertEquals("1", shard.tree().read("/local/domain/1/domid"));
    assertEquals(0, shard.ops(XenstoreShard.Op.tx_conflict));
  }

  @Test
  public void underTheNodeRuleAnOutsideWriteToATouchedNodeMakesACommitFailWithEagain() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = transactionScript(new ProtocolHarness(L, probe.getRef(), shard), "/local/domain/1/name");
    h.run(testKit.system());

    probe.expectMessage(new Received(L + OP + L, new XsReply(1, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(1 * MS + OP + L, ok(2)));
    probe.expectMessage(new Received(2 * MS + 2 * OP + L + 2 * L, new XsReply(3, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(3 * MS + OP + 4_000 + L, new XsReply(4, Status.eagain, null, null, 1)));
    assertEquals("outside", shard.tree().read("/local/domain/1/name"));
    assertFalse(shard.tree().exists("/local/domain/1/domid"));
    assertEquals(1, shard.ops(XenstoreShard.Op.tx_conflict));
  }

  @Test
  public void aWatchFiresOnRegistrationAndForEveryChangedNodeAtOrBelowItsPath() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    String dom = "/local/domain/1";
    h.send(L, 0, new XenstoreShard.Watch(dom, "tok", h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.Write(dom + "/device/vif/0", "x", h.client(), 2))
        .send(2 * MS, 0, new XenstoreShard.Write("/local/domain/10/name", "ten", h.client(), 3))
        .send(3 * MS, 0, new XenstoreShard.Write(dom + "/device/vif/0", "y", h.client(), 4))
        .send(4 * MS, 0, new XenstoreShard.Remove(dom + "/device", h.client(), 5))
        .send(5 * MS, 0, new XenstoreShard.Unwatch(dom, "tok", h.client(), 6))
        .send(6 * MS, 0, new XenstoreShard.Write(dom + "/name", "z", h.client(), 7));
    h.run(testKit.system());

    long served = OP + L; // every request here is one op on an idle server, reply L after
    // registration: reply, then the initial event, both when service ends
    probe.expectMessage(new Received(L + served, ok(1)));
    probe.expectMessage(new Received(L + served, new WatchEvent(dom, "tok")));
    // a write creating 3 parents: one event per created or changed node, parents first
    probe.expectMessage(new Received(1 * MS + served, ok(2)));
    for (String p : List.of(dom, dom + "/device", dom + "/device/vif", dom + "/device/vif/0")) {
      probe.expectMessage(new Received(1 * MS + served, new WatchEvent(p, "tok")));
    }
    // /local/domain/10 is not below /local/domain/1: no event
    probe.expectMessage(new Received(2 * MS + served, ok(3)));
    // changing an existing node: one event
    probe.expectMessage(new Received(3 * MS + served, ok(4)));
    probe.expectMessage(new Received(3 * MS + served, new WatchEvent(dom + "/device/vif/0", "tok")));
    // removing a subtree: one event per removed node, deepest first
    probe.expectMessage(new Received(4 * MS + served, ok(5)));
    for (String p : List.of(dom + "/device/vif/0", dom + "/device/vif", dom + "/device")) {
      probe.expectMessage(new Received(4 * MS + served, new WatchEvent(p, "tok")));
    }
    // after unwatch: replies only
    probe.expectMessage(new Received(5 * MS + served, ok(6)));
    probe.expectMessage(new Received(6 * MS + served, ok(7)));
    assertEquals(16, h.received().size());
    assertEquals(0, shard.watchCount());
  }

  @Test
  public void aCommittedTransactionFiresWatchesWhenItsReplyLeaves() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    h.send(L, 0, new XenstoreShard.Watch("/local/domain/0/name", "n", h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.TxStart(h.client(), 2))
        .send(2 * MS, 0, new XenstoreShard.TxApply(1, List.of(TxOp.write("/local/domain/0/name", "dom0")),
            h.client(), 3))
        .send(3 * MS, 0, new XenstoreShard.TxCommit(1, h.client(), 4));
    h.run(testKit.system());

    probe.expectMessage(new Received(L + OP + L, ok(1)));
    probe.expectMessage(new Received(L + OP + L, new WatchEvent("/local/domain/0/name", "n")));
    probe.expectMessage(new Received(1 * MS + OP + L, new XsReply(2, Status.ok, null, null, 1)));
    // nothing fires before the commit
    probe.expectMessage(new Received(2 * MS + OP + L, new XsReply(3, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(3 * MS + OP + 2_000 + L, new XsReply(4, Status.ok, null, null, 1)));
    probe.expectMessage(new Received(3 * MS + OP + 2_000 + L, new WatchEvent("/local/domain/0/name", "n")));
    assertEquals(6, h.received().size());
  }

  @Test
  public void findNameServiceTimeGrowsWithTheNumberOfDomains() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(ConflictRule.node);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    h.send(L, 0, new XenstoreShard.FindName("g", h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.Write("/local/domain/1/name", "a", h.client(), 2))
        .send(1 * MS, 0, new XenstoreShard.Write("/local/domain/2/name", "b", h.client(), 3))
        .send(1 * MS, 0, new XenstoreShard.Write("/local/domain/3/name", "g", h.client(), 4))
        .send(2 * MS, 0, new XenstoreShard.FindName("g", h.client(), 5))
        .send(3 * MS, 0, new XenstoreShard.FindName("nobody", h.client(), 6));
    h.run(testKit.system());

    // no guest domain (dom0 does not count): one directory request, op, no extra round trip
    probe.expectMessage(new Received(L + OP + L, ok(1)));
    probe.expectMessage(new Received(1 * MS + OP + L, ok(2)));
    probe.expectMessage(new Received(1 * MS + 2 * OP + L, ok(3)));
    probe.expectMessage(new Received(1 * MS + 3 * OP + L, ok(4)));
    // 3 domains: op + 3 * (1 us per entry + op) = 83 us of service, plus 3 extra round trips (3 reads) of 2L
    long threeDomains = OP + 3 * (1_000 + OP) + L + 3 * 2 * L;
    assertEquals(433_000, threeDomains);
    probe.expectMessage(new Received(2 * MS + threeDomains, new XsReply(5, Status.ok, "3", null, 0)));
    probe.expectMessage(new Received(3 * MS + threeDomains, ok(6)));
    assertEquals(6, h.received().size());
    assertEquals(3, shard.ops(XenstoreShard.Op.find_name));
  }

  @Test
  public void committingAnUnknownTransactionFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard(ConflictRule.node));
    h.send(L, 0, new XenstoreShard.TxCommit(42, h.client(), 1));

    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> h.run(testKit.system()));
    assertEquals("commit of unknown transaction 42 on shard 0", ProtocolHarness.rootCause(failure).getMessage());
  }

  @Test
  public void firingWatchesCostsXenstoredTimePerConnectionAndWatchWalkedAndPerEventBeforeTheReplyLeaves() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = new XenstoreShard(0, new XenstoreCosts(TestConf.cost(), ConflictRule.node),
        ConflictRule.node, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    String dom = "/local/domain/1";
    h.send(L, 0, new XenstoreShard.Watch(dom, "tok", h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.Write(dom + "/name", "a", h.client(), 2));
    h.run(testKit.system());

    probe.expectMessage(new Received(L + OP + L, ok(1)));
    probe.expectMessage(new Received(L + OP + L, new WatchEvent(dom, "tok")));
    // 2 changed nodes (the domain's directory is created), each walking 1 domain connection and 1 watch at 100 ns,
    // and 2 events at 5 us: 10.4 us more service; reply and events leave together.
    long served = OP + 2 * 2 * 100 + 2 * 5_000 + L;
    probe.expectMessage(new Received(1 * MS + served, ok(2)));
    probe.expectMessage(new Received(1 * MS + served, new WatchEvent(dom, "tok")));
    probe.expectMessage(new Received(1 * MS + served, new WatchEvent(dom + "/name", "tok")));
    assertEquals(5, h.received().size());
  }
}
