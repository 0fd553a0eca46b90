package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.LpRef;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ConflictRule;
import io.vstack.model.xenstore.XenstoreShard.Status;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class XenstoreCacheProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  // Watch fan-out off: these tests pin the request protocol; its cost has a test of its own.
  private static final CostModel COST = TestConf.cost("cost.xenstore.watch-check=0", "cost.xenstore.watch-event=0");
  private static final long L = 50_000;       // message latency
  private static final long OP = 20_000;      // xenstore op
  private static final long ENTRY = 1_000;    // xenstore per-entry
  private static final long LOOKUP = 20_000;  // cache lookup
  private static final long MS = 1_000_000;

  private static XenstoreShard shard(int index) {
    return new XenstoreShard(index, new XenstoreCosts(COST, ConflictRule.node), ConflictRule.node, L);
  }

  private static XsReply answer(long tag, String domid) {
    return new XsReply(tag, Status.ok, domid, null, 0);
  }

  @Test
  public void theCostModelUsedHereHasTheFiguresTheArithmeticAssumes() {
    assertEquals(L, COST.messageLatency());
    assertEquals(OP, COST.xsOp());
    assertEquals(ENTRY, COST.xsPerEntry());
    assertEquals(LOOKUP, COST.cacheLookup());
  }

  @Test
  public void theFirstLookupsMissAndLoadTheNamesOnceThenLookupsHitAndInsertAndRemoveKeepTheCacheExact() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard shard = shard(0);
    // shard is process 0, cache process 1, client process 2
    XenstoreCache cache = new XenstoreCache(List.of(LpRef.of(0)), LOOKUP, L, LpRef.of(1));
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), shard, cache);
    LpRef<XenMsg> me = h.client();
    h.send(L, 0, new XenstoreShard.Write("/local/domain/1/name", "a", me, 1))
        .send(L, 0, new XenstoreShard.Write("/local/domain/2/name", "b", me, 2))
        .send(1 * MS, 1, new XenstoreCache.Lookup("b", me, 10))
        .send(1 * MS, 1, new XenstoreCache.Lookup("zzz", me, 11))
        .send(2 * MS, 1, new XenstoreCache.Lookup("a", me, 12))
        .send(3 * MS, 1, new XenstoreCache.Insert("c", 3))
        .send(4 * MS, 1, new XenstoreCache.Lookup("c", me, 13))
        .send(5 * MS, 1, new XenstoreCache.Remove("a"))
        .send(6 * MS, 1, new XenstoreCache.Lookup("a", me, 14));
    h.run(testKit.system());

    probe.expectMessage(new Received(L + OP + L, new XsReply(1, Status.ok, null, null, 0)));
    probe.expectMessage(new Received(L + 2 * OP + L, new XsReply(2, Status.ok, null, null, 0)));
    // Both lookups miss at 1 ms; one ListNames reaches the shard at 1 ms + L. With 2 domains it costs
    // op + 2 * (entry + op) = 62 us of service plus 2 extra round trips (4L), and L to come back:
    // the names reach the cache at 1 ms + L + 62 us + L + 4L. Each waiting lookup is answered lookup + L later.
    long load = L + (OP + 2 * (ENTRY + OP)) + L + 4 * L;
    assertEquals(362_000, load);
    probe.expectMessage(new Received(1 * MS + load + LOOKUP + L, answer(10, "2")));
    probe.expectMessage(new Received(1 * MS + load + LOOKUP + L, answer(11, null)));
    // hits: lookup + L after arrival
    probe.expectMessage(new Received(2 * MS + LOOKUP + L, answer(12, "1")));
    probe.expectMessage(new Received(4 * MS + LOOKUP + L, answer(13, "3")));
    probe.expectMessage(new Received(6 * MS + LOOKUP + L, answer(14, null)));
    assertEquals(7, h.received().size());

    assertEquals(2, cache.misses());
    assertEquals(3, cache.hits());
    assertEquals(new TreeMap<>(Map.of("b", 2, "c", 3)), cache.entries());
    assertEquals(1, shard.ops(XenstoreShard.Op.list_names));
  }

  @Test
  public void aCacheOverTwoShardsLoadsTheNamesOfBothBeforeAnswering() {
    TestProbe<Received> probe = testKit.createTestProbe();
    XenstoreShard s0 = shard(0);
    XenstoreShard s1 = shard(1);
    // shards are processes 0 and 1, the cache 2, the client 3
    XenstoreCache cache = new XenstoreCache(List.of(LpRef.of(0), LpRef.of(1)), LOOKUP, L, LpRef.of(2));
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), s0, s1, cache);
    LpRef<XenMsg> me = h.client();
    h.send(L, 0, new XenstoreShard.Write("/local/domain/2/name", "even", me, 1))
        .send(L, 1, new XenstoreShard.Write("/local/domain/1/name", "odd", me, 2))
        .send(L, 1, new XenstoreShard.Write("/local/domain/3/name", "odd3", me, 3))
        .send(1 * MS, 2, new XenstoreCache.Lookup("odd", me, 10))
        .send(2 * MS, 2, new XenstoreCache.Lookup("even", me, 11));
    h.run(testKit.system());

    probe.expectMessage(new Received(L + OP + L, new XsReply(1, Status.ok, null, null, 0)));
    probe.expectMessage(new Received(L + OP + L, new XsReply(2, Status.ok, null, null, 0)));
    probe.expectMessage(new Received(L + 2 * OP + L, new XsReply(3, Status.ok, null, null, 0)));
    // shard 0 (1 domain) answers after L + (op + entry + op) + L + 2L = 241 us;
    // shard 1 (2 domains) after L + (op + 2 * (entry + op)) + L + 4L = 362 us: the slower one decides.
    long slower = L + OP + 2 * (ENTRY + OP) + L + 4 * L;
    probe.expectMessage(new Received(1 * MS + slower + LOOKUP + L, answer(10, "1")));
    probe.expectMessage(new Received(2 * MS + LOOKUP + L, answer(11, "2")));
    assertEquals(5, h.received().size());
    assertEquals(1, cache.misses());
    assertEquals(1, cache.hits());
    assertEquals(new TreeMap<>(Map.of("even", 2, "odd", 1, "odd3", 3)), cache.entries());
    assertEquals(1, s0.ops(XenstoreShard.Op.list_names));
    assertEquals(1, s1.ops(XenstoreShard.Op.list_names));
  }
}
