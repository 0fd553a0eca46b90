package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.LpRef;
import io.vstack.engine.EngineFailure;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ConflictRule;
import io.vstack.model.xenstore.XenstoreShard.Status;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class XenstoreRaceTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final CostModel COST = TestConf.cost();
  private static final long L = 50_000;
  private static final long MS = 1_000_000;

  @Test
  public void underTheNodeRuleANodeRemovedBeforeTheTransactionTouchesItMakesTheCommitFail() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = new XenstoreShard(0, new XenstoreCosts(COST, ConflictRule.node), ConflictRule.node, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard);
    h.send(L, 0, new XenstoreShard.Write("/local/domain/1/name", "g0", h.client(), 1))
        .send(1 * MS, 0, new XenstoreShard.TxStart(h.client(), 2))
        .send(2 * MS, 0, new XenstoreShard.Remove("/local/domain/1", h.client(), 3))
        .send(3 * MS, 0, new XenstoreShard.TxApply(1, List.of(TxOp.write("/local/domain/1/name", "g1")),
            h.client(), 4))
        .send(4 * MS, 0, new XenstoreShard.TxCommit(1, h.client(), 5));
    h.run(testKit.system());
    for (int i = 0; i < 4; i++) {
      probe.receiveMessage();
    }
    Received commit = probe.receiveMessage();
    assertEquals(new XsReply(5, Status.eagain, null, null, 1), commit.message());
    assertFalse(shard.tree().exists("/local/domain/1"));
  }

  @Test
  public void aNameRemovedWhileTheCacheIsLoadingIsNotFoundAfterwards() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = new XenstoreShard(0, new XenstoreCosts(COST, ConflictRule.node), ConflictRule.node, L);
    XenstoreCache cache = new XenstoreCache(List.of(LpRef.of(0)), COST.cacheLookup(), L, LpRef.of(1));
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard, cache);
    LpRef<XenMsg> me = h.client();
    h.send(L, 0, new XenstoreShard.Write("/local/domain/1/name", "a", me, 1))
        .send(1 * MS, 1, new XenstoreCache.Lookup("x", me, 10))       // miss: ListNames reaches the shard at 1.05 ms
        .send(1_100_000, 1, new XenstoreCache.Remove("a"))            // before the Names reply (1.241 ms)
        .send(1_100_000, 0, new XenstoreShard.Remove("/local/domain/1", me, 2))
        .send(2 * MS, 1, new XenstoreCache.Lookup("a", me, 11));
    h.run(testKit.system());
    Received last = h.received().get(h.received().size() - 1);
    assertEquals(new Received(2 * MS + 20_000 + L, new XsReply(11, Status.ok, null, null, 0)), last);
  }
}
