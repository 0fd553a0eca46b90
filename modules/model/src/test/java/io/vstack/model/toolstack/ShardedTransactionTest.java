package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Switches.BackendPlacement;
import io.vstack.model.toolstack.ShardedTransaction.Progress;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.model.xenstore.XenstoreShard.Status;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Where a domain's nodes go, and the client side of a transaction over one shard or several (two-phase commit). */
public class ShardedTransactionTest extends JUnitSuite {
  private static final Layout LAYOUT = Layout.of(1, 4, 4, 1, 1);
  private static final LpRef<XenMsg> CLIENT = LpRef.of(99);
  private static final GuestType GUEST = new GuestType(256, 1, 1, 1);

  /** Records what the transaction sends, with tags counting up from 1. */
  private static final class Recorder implements ShardedTransaction.Requests {
    final List<LpRef<XenMsg>> to = new ArrayList<>();
    final List<XenMsg> sent = new ArrayList<>();
    long tag;

    @Override
    public void send(LpRef<XenMsg> shard, XenMsg request) {
      to.add(shard);
      sent.add(request);
    }

    @Override
    public long nextTag() {
      return ++tag;
    }

    XenMsg last(int back) {
      return sent.get(sent.size() - 1 - back);
    }
  }

  private static XsReply reply(long tag, Status status, long tx) {
    return new XsReply(tag, status, null, null, tx);
  }

  @Test
  public void withBackendsInDom0ADevicesNodesSplitBetweenTheGuestsShardAndDom0s() {
    ShardRouting inDom0 = new ShardRouting(LAYOUT, BackendPlacement.in_dom0);
    TreeMap<Integer, List<TxOp>> split = inDom0.byShard(DevicePaths.deviceEntries(5, 0, GUEST), 5);
    assertEquals(List.of(LAYOUT.shard(0).id(), LAYOUT.shard(1).id()), List.copyOf(split.keySet()));
    assertTrue(split.get(LAYOUT.shard(0).id()).stream().allMatch(op -> op.path().startsWith("/local/domain/0/")));
    assertTrue(split.get(LAYOUT.shard(1).id()).stream().allMatch(op -> op.path().startsWith("/local/domain/5/")));
    assertEquals("cleanup: the guest's subtrees on its shard, its backend directories on dom0's", 2,
        inDom0.byShard(DevicePaths.domainRemovals(5), 5).size());
    assertEquals(1, inDom0.byShard(DevicePaths.domainEntries(5, "g", GUEST), 5).size());
    assertEquals("domid 4 lives on dom0's shard anyway", 1,
        inDom0.byShard(DevicePaths.deviceEntries(4, 0, GUEST), 4).size());
    assertEquals(List.of(LAYOUT.shard(0)), inDom0.backendShards());

    ShardRouting withGuest = new ShardRouting(LAYOUT, BackendPlacement.with_guest);
    assertEquals(List.of(LAYOUT.shard(1).id()),
        List.copyOf(withGuest.byShard(DevicePaths.deviceEntries(5, 0, GUEST), 5).keySet()));
    assertEquals(4, withGuest.backendShards().size());
    assertEquals("dom0's own nodes stay on dom0's shard", LAYOUT.shard(0),
        withGuest.of("/local/domain/0/memory/target", 0));
  }

  @Test
  public void onOneShardItIsStartApplyCommitAsAgainstOneXenstored() {
    TreeMap<Integer, List<TxOp>> ops = new TreeMap<>();
    ops.put(7, List.of(TxOp.write("/a", "1"), TxOp.write("/b", "2")));
    ShardedTransaction txn = new ShardedTransaction(CLIENT, ops);
    Recorder r = new Recorder();
    txn.start(r);
    assertFalse(txn.crossShard());
    assertEquals(new XenstoreShard.TxStart(CLIENT, 1), r.last(0));
    assertEquals(Progress.applying, txn.onReply(reply(1, Status.ok, 42), r));
    assertEquals(new XenstoreShard.TxApply(42, ops.get(7), CLIENT, 2), r.last(0));
    assertEquals(Progress.committing, txn.onReply(reply(2, Status.ok, 42), r));
    assertEquals(new XenstoreShard.TxCommit(42, CLIENT, 3), r.last(0));
    assertEquals("a stale tag is not this transaction's", Progress.waiting, txn.onReply(reply(2, Status.ok, 42), r));
    assertEquals(Progress.conflict, txn.onReply(reply(3, Status.eagain, 42), r));
    txn.start(r);
    assertEquals(new XenstoreShard.TxStart(CLIENT, 4), r.last(0));
    assertEquals(List.of(LpRef.of(7)), r.to.stream().distinct().toList());
  }

  /** Starts a transaction on shards 3 and 5 (tx 30 and 50), applies on each in turn; the prepares carry tags 5 and 6. */
  private static ShardedTransaction preparing(Recorder r) {
    TreeMap<Integer, List<TxOp>> ops = new TreeMap<>();
    ops.put(5, List.of(TxOp.write("/local/domain/0/backend/vif/1/0/state", "1")));
    ops.put(3, List.of(TxOp.write("/local/domain/1/device/vif/0/state", "1")));
    ShardedTransaction txn = new ShardedTransaction(CLIENT, ops);
    txn.start(r);
    assertTrue(txn.crossShard());
    assertEquals(List.of(LpRef.of(3), LpRef.of(5)), r.to);
    assertEquals(Progress.waiting, txn.onReply(reply(2, Status.ok, 50), r));
    assertEquals(Progress.applying, txn.onReply(reply(1, Status.ok, 30), r));
    assertEquals("one shard's operations at a time", new XenstoreShard.TxApply(30, List.of(
        TxOp.write("/local/domain/1/device/vif/0/state", "1")), CLIENT, 3), r.last(0));
    assertEquals(3, r.sent.size());
    assertEquals(Progress.waiting, txn.onReply(reply(3, Status.ok, 30), r));
    assertEquals(new XenstoreShard.TxApply(50, List.of(TxOp.write("/local/domain/0/backend/vif/1/0/state", "1")),
        CLIENT, 4), r.last(0));
    assertEquals(Progress.committing, txn.onReply(reply(4, Status.ok, 50), r));
    assertEquals(new XenstoreShard.TxPrepare(30, CLIENT, 5), r.last(1));
    assertEquals(new XenstoreShard.TxPrepare(50, CLIENT, 6), r.last(0));
    return txn;
  }

  @Test
  public void onSeveralShardsItCommitsEverywhereOnceEveryShardPrepared() {
    Recorder r = new Recorder();
    ShardedTransaction txn = preparing(r);
    assertEquals(Progress.waiting, txn.onReply(reply(6, Status.ok, 50), r));
    assertEquals(Progress.waiting, txn.onReply(reply(5, Status.ok, 30), r));
    assertEquals(new XenstoreShard.TxCommit(30, CLIENT, 7), r.last(1));
    assertEquals(new XenstoreShard.TxCommit(50, CLIENT, 8), r.last(0));
    assertEquals(Progress.waiting, txn.onReply(reply(8, Status.ok, 50), r));
    assertEquals(Progress.committed, txn.onReply(reply(7, Status.ok, 30), r));
  }

  @Test
  public void whenOneShardRefusesToPrepareTheOthersAbortAndNothingCommits() {
    Recorder r = new Recorder();
    ShardedTransaction txn = preparing(r);
    assertEquals(Progress.waiting, txn.onReply(reply(6, Status.eagain, 50), r));
    assertEquals(Progress.waiting, txn.onReply(reply(5, Status.ok, 30), r));
    assertEquals("only the shard that prepared is told to abort", new XenstoreShard.TxAbort(30, CLIENT, 7),
        r.last(0));
    assertEquals(7, r.sent.size());
    assertEquals(Progress.conflict, txn.onReply(reply(7, Status.ok, 30), r));
    assertTrue(r.sent.stream().noneMatch(m -> m instanceof XenstoreShard.TxCommit));
  }

  @Test
  public void whenNoShardPreparedThereIsNothingToAbort() {
    Recorder r = new Recorder();
    ShardedTransaction txn = preparing(r);
    assertEquals(Progress.waiting, txn.onReply(reply(5, Status.eagain, 30), r));
    assertEquals(Progress.conflict, txn.onReply(reply(6, Status.eagain, 50), r));
    assertEquals(6, r.sent.size());
  }
}
