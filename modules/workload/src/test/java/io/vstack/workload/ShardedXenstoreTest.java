package io.vstack.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.Layout;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.FinalState;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.workload.chaos.ChaosRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * A Xenstore sharded by domain with the backend directories in dom0's subtree ({@code xenstore.backends = in-dom0}):
 * a device's setup and a domain's cleanup span the guest's shard and dom0's, and commit in two phases.
 */
public class ShardedXenstoreTest extends JUnitSuite {
  private static final String BACKENDS = "/local/domain/0/backend/";

  private static Scenario scenario(int guests, String... overrides) {
    List<String> all = new ArrayList<>(List.of("toolstack.mode=parallel", "xenstore.cache=on",
        "guest.memory-mib=256", "toolstack.workers=8", "workload.guests=" + guests));
    all.addAll(List.of(overrides));
    return Scenarios.of(all.toArray(String[]::new));
  }

  private static ScenarioRun run(Scenario s) {
    ScenarioRun run = ScenarioRun.run(s, new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    return run;
  }

  /** Requests each shard served, counted as {@link RunSummary#xenstoreOpsTotal()} counts them. */
  private static long[] requestsByShard(ScenarioRun run) {
    FinalState state = run.model().finalState();
    long[] out = new long[state.layout().shards()];
    for (int s = 0; s < out.length; s++) {
      for (Map.Entry<String, Long> e : state.shard(s).ops().entrySet()) {
        if (!e.getKey().equals("tx_conflict") && !e.getKey().equals("find_name")) {
          out[s] += e.getValue();
        }
      }
    }
    return out;
  }

  /** Guests whose domain is not on dom0's shard: their device setups and cleanup span two shards. */
  private static int guestsOffShard0(ScenarioRun run, int shards) {
    FinalState state = run.model().finalState();
    int n = 0;
    for (int g = 0; g < state.layout().guests(); g++) {
      n += state.domain(g).domid() % shards != 0 ? 1 : 0;
    }
    return n;
  }

  @Test(timeout = 60_000)
  public void withBackendsInDom0DevicesCommitAcrossShardsAndDom0sShardBecomesTheHotSpot() {
    ScenarioRun eight = run(scenario(8, "xenstore.shards=4", "xenstore.backends=in-dom0"));
    ScenarioRun sixteen = run(scenario(16, "xenstore.shards=4", "xenstore.backends=in-dom0"));
    ScenarioRun withGuest = run(scenario(16, "xenstore.shards=4", "xenstore.backends=with-guest"));
    long[] r8 = requestsByShard(eight);
    long[] r16 = requestsByShard(sixteen);
    long[] flat = requestsByShard(withGuest);
    System.out.printf("requests by shard (4 shards): in-dom0 8 guests %s, 16 guests %s; with-guest 16 guests %s; "
        + "cross-shard transactions %d (aborted %d), creation p50 in-dom0 %.1f ms, with-guest %.1f ms%n",
        Arrays.toString(r8), Arrays.toString(r16), Arrays.toString(flat), sixteen.summary().crossShardTransactions(),
        sixteen.summary().crossShardAborts(), sixteen.summary().create().p50(), withGuest.summary().create().p50());

    int devices = sixteen.scenario().guest().devices();
    assertEquals("each device of a guest off dom0's shard, and its cleanup, is one cross-shard transaction",
        guestsOffShard0(sixteen, 4) * (devices + 1L), sixteen.summary().crossShardTransactions());
    assertEquals(16, sixteen.summary().created());
    assertEquals(16, sixteen.summary().destroyed());
    assertTrue("dom0's shard grows with the guests: " + r8[0] + " -> " + r16[0], r16[0] > 1.8 * r8[0]);
    for (int s = 1; s < 4; s++) {
      assertTrue("guest shard " + s + " stays small: " + Arrays.toString(r16), 3 * r16[s] < r16[0]);
    }
    assertEquals(0, withGuest.summary().crossShardTransactions());
    assertEquals(0, withGuest.summary().xenstoreOps().get("tx_prepare").longValue());
    assertTrue("with the guests, the load spreads: " + Arrays.toString(flat),
        Arrays.stream(flat).max().orElseThrow() < 1.5 * Arrays.stream(flat).min().orElseThrow());
  }

  /** Milliseconds each shard spent serving requests. */
  private static String busyMs(ScenarioRun run) {
    FinalState state = run.model().finalState();
    double[] ms = new double[state.layout().shards()];
    for (int s = 0; s < ms.length; s++) {
      ms[s] = Math.round(state.shard(s).busyNanos() / 1e5) / 10.0;
    }
    return Arrays.toString(ms);
  }

  /**
   * What the placement costs a storm of 32 without the cache: serialized as the sharded-xs designs, and parallel
   * under both conflict rules (printed for docs/designs; the check is only that every guest was created).
   */
  @Test(timeout = 60_000)
  public void printsWhatThePlacementCostsAStormOfCreations() {
    for (String[] mode : List.of(new String[] {"serialized", "node"}, new String[] {"parallel", "node"},
        new String[] {"parallel", "store"})) {
      for (String placement : List.of("with-guest", "in-dom0")) {
        ScenarioRun r = run(scenario(32, "xenstore.cache=off", "xenstore.shards=4", "toolstack.mode=" + mode[0],
            "xenstore.conflict=" + mode[1], "xenstore.backends=" + placement, "toolstack.workers=32"));
        RunSummary m = r.summary();
        System.out.printf("32 guests, 4 shards, %s, %s rule, %s: create p50 %.1f ms p95 %.1f ms, boot makespan "
            + "%.1f ms, destroy p95 %.1f ms, xenstored busy by shard %s ms, retries %d, cross-shard %d (aborted %d)%n",
            mode[0], mode[1], placement, m.create().p50(), m.create().p95(), m.bootMakespanMs(), m.destroy().p95(),
            busyMs(r), m.xenstoreRetries(), m.crossShardTransactions(), m.crossShardAborts());
        assertEquals(32, m.created());
      }
    }
  }

  @Test(timeout = 60_000)
  public void withOneShardOrNoxsNothingIsCrossShard() {
    ScenarioRun oneShard = run(scenario(8, "xenstore.shards=1", "xenstore.backends=in-dom0"));
    assertEquals(0, oneShard.summary().crossShardTransactions());
    assertEquals(0, oneShard.summary().xenstoreOps().get("tx_prepare").longValue());
    ScenarioRun noxs = run(scenario(8, "xenstore.shards=4", "xenstore.backends=in-dom0", "toolstack.noxs=on"));
    ScenarioRun noxsWithGuest = run(scenario(8, "xenstore.shards=4", "toolstack.noxs=on"));
    assertEquals("noxs has no Xenstore: the placement changes nothing", noxsWithGuest.summary(), noxs.summary());
    assertEquals(noxsWithGuest.result().sequenceHash(), noxs.result().sequenceHash());
    assertEquals(0, noxs.summary().xenstoreOpsTotal());
  }

  @Test(timeout = 60_000)
  public void aRefusedPrepareAbortsOnEveryShardAndNoShardEverShowsTheAbortedWrites() {
    Scenario s = scenario(8, "xenstore.shards=2", "xenstore.backends=in-dom0", "xenstore.conflict=store");
    Layout layout = Layout.of(s);
    int backend = layout.backend().id();
    int shard1 = layout.shard(1).id();
    List<String> frontendReads = new ArrayList<>();
    TreeSet<String> aborted = new TreeSet<>();
    List<String> committedAfterAbort = new ArrayList<>();
    ScenarioRun run = ScenarioRun.run(s, new SequentialExecutor(), (time, sent, sender, receiver, message) -> {
      if (receiver == backend && sender == shard1 && message instanceof XenstoreShard.XsReply r) {
        frontendReads.add(r.status().name());
      } else if (message instanceof XenstoreShard.TxAbort a) {
        aborted.add(receiver + "/" + a.tx());
      } else if (message instanceof XenstoreShard.TxCommit c && aborted.contains(receiver + "/" + c.tx())) {
        committedAfterAbort.add(receiver + "/" + c.tx());
      }
    });
    assertEquals(List.of(), run.violations());
    RunSummary summary = run.summary();
    System.out.printf("store rule, 2 shards, 8 guests: cross-shard transactions %d, aborted %d, retries %d, "
        + "prepares %d, aborts sent %d%n", summary.crossShardTransactions(), summary.crossShardAborts(),
        summary.xenstoreRetries(), summary.xenstoreOps().get("tx_prepare"), summary.xenstoreOps().get("tx_abort"));
    assertTrue("concurrent device setups on dom0's shard conflict", summary.crossShardAborts() > 0);
    assertTrue(summary.xenstoreOps().get("tx_abort") > 0);
    assertTrue(summary.xenstoreRetries() >= summary.crossShardAborts());
    assertEquals(8, summary.created());
    assertEquals(8, summary.destroyed());
    assertEquals("a transaction aborted on a shard is never committed there", List.of(), committedAfterAbort);
    assertTrue(frontendReads.size() >= 8);
    assertTrue("whenever the backend saw its directory committed on dom0's shard, the frontend was there on the "
        + "guest's: " + frontendReads, frontendReads.stream().allMatch("ok"::equals));
  }

  /** Times (+1 ns) at which dom0's shard got a request of {@code type} of a transaction spanning two shards. */
  private static TreeSet<Long> crossShardArrivals(Scenario s, Class<?> type) {
    int shard0 = Layout.of(s).shard(0).id();
    TreeSet<Long> crossShardTx = new TreeSet<>();
    TreeSet<Long> at = new TreeSet<>();
    ScenarioRun.run(s, new SequentialExecutor(), (time, sent, sender, receiver, message) -> {
      if (receiver != shard0) {
        return;
      }
      if (message instanceof XenstoreShard.TxApply a && a.ops().stream().map(TxOp::path)
          .allMatch(p -> p.startsWith(BACKENDS) && domidOfBackendPath(p) % 2 == 1)) {
        crossShardTx.add(a.tx());
      }
      long tx = message instanceof XenstoreShard.TxApply a ? a.tx()
          : message instanceof XenstoreShard.TxPrepare p ? p.tx() : -1;
      if (type.isInstance(message) && crossShardTx.contains(tx)) {
        at.add(time + 1);
      }
    });
    return at;
  }

  private static int domidOfBackendPath(String path) {
    return Integer.parseInt(path.substring(BACKENDS.length()).split("/")[1]);
  }

  @Test(timeout = 60_000)
  public void aRestartOfDom0sShardMidCommitFailsTheTransactionOnEveryShardAndItIsRetried() {
    Scenario s = scenario(4, "xenstore.shards=2", "xenstore.backends=in-dom0");
    long applied = crossShardArrivals(s, XenstoreShard.TxApply.class).first();
    ScenarioRun run = run(s.withFaults(List.of(new FaultSpec(FaultSpec.Type.xenstored_restart, applied, 0,
        50_000_000L, 0))));
    RunSummary summary = run.summary();
    assertEquals(1, summary.xenstoredRestarts());
    assertTrue("the open transaction was lost", summary.xenstoreAbortedTransactions() >= 1);
    assertTrue("its prepare failed, so the guest's shard aborted too", summary.crossShardAborts() >= 1);
    assertTrue(summary.xenstoreRetries() >= 1);
    assertEquals(4, summary.created());
    assertEquals(4, summary.destroyed());
  }

  @Test(timeout = 120_000)
  public void aRestartOfDom0sShardAtAnyMomentOfACrossShardCommitKeepsEveryInvariant() {
    Scenario s = scenario(4, "xenstore.shards=2", "xenstore.backends=in-dom0");
    TreeSet<Long> moments = crossShardArrivals(s, XenstoreShard.TxApply.class);
    moments.addAll(crossShardArrivals(s, XenstoreShard.TxPrepare.class));
    long retried = 0;
    for (long at : moments) {
      ScenarioRun run = ScenarioRun.run(s.withFaults(List.of(new FaultSpec(FaultSpec.Type.xenstored_restart, at, 0,
          50_000_000L, 0))), new SequentialExecutor());
      String where = "shard 0 restarted at " + at + " ns";
      assertEquals(where, List.of(), run.violations());
      assertEquals(where, 4, run.summary().created());
      assertEquals(where, 4, run.summary().destroyed());
      retried += run.summary().crossShardAborts();
    }
    assertTrue("restarts after an apply made transactions retry; after a prepare they commit: " + retried,
        retried > 0 && retried < moments.size());
  }

  @Test(timeout = 180_000)
  public void anXlKilledAtAnyMomentOfACrossShardStormLeavesNothingOpenOrPrepared() {
    Scenario s = scenario(4, "xenstore.shards=2", "xenstore.backends=in-dom0", "toolstack.workers=2");
    TreeSet<String> steps = new TreeSet<>();
    int cleaned = 0;
    List<XlKills.Kill> kills = XlKills.afterEveryEventOfWorker0(s, 300_000_000L);
    for (XlKills.Kill kill : kills) {
      assertEquals(kill.where(), List.of(), kill.run().violations());
      cleaned += kill.run().summary().leftoversCleaned();
      RunSummary.operations(kill.run().model()).stream().map(OperationResult::failure)
          .filter(f -> f.startsWith("xl was killed")).forEach(f -> steps.add(f.substring(f.indexOf("in step ") + 8)));
    }
    System.out.printf("in-dom0 crash sweep: %d kills, %d leftovers cleaned, steps %s%n", kills.size(), cleaned, steps);
    assertTrue("half-built or half-destroyed domains were cleaned up: " + cleaned, cleaned >= 5);
    assertTrue("killed in every step of the cross-shard transactions: " + steps, steps.containsAll(List.of(
        "device_tx_start", "device_tx_apply", "device_tx_commit", "cleanup_tx_start", "cleanup_tx_apply",
        "cleanup_tx_commit")));
  }

  @Test(timeout = 120_000)
  public void theShardedXsDom0DesignKeepsEveryInvariantUnderSeededChaos() {
    Scenario s = Scenarios.of("workload.guests=12", "guest.memory-mib=256", "toolstack.workers=6",
        "toolstack.mode=serialized", "xenstore.cache=off", "scrub.placement=remote", "xenstore.shards=4",
        "xenstore.backends=in-dom0");
    for (long seed = 1; seed <= 4; seed++) {
      ChaosRun chaos = ChaosRun.run(s, seed, 6, new SequentialExecutor());
      assertEquals("seed " + seed + " with " + chaos.faults(), List.of(), chaos.faulty().violations());
      assertEquals(List.of(), chaos.clean().violations());
    }
  }
}
