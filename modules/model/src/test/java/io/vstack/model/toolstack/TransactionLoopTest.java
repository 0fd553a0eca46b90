package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.toolstack.TransactionLoop.Outcome;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.model.xenstore.XenstoreShard.Status;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.List;
import java.util.TreeMap;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** libxl's transaction loop: start, apply, commit, again on EAGAIN up to its bound of retries. */
public class TransactionLoopTest extends JUnitSuite {
  private static final LpRef<XenMsg> CLIENT = LpRef.of(99);

  private static TreeMap<Integer, List<TxOp>> onShards(int... shards) {
    TreeMap<Integer, List<TxOp>> ops = new TreeMap<>();
    for (int s : shards) {
      ops.put(s, List.of(TxOp.write("/local/domain/" + s + "/name", "g")));
    }
    return ops;
  }

  private static XsReply reply(long tag, Status status) {
    return new XsReply(tag, status, null, null, 42);
  }

  @Test
  public void aTransactionGoesThroughApplyAndCommitToCommitted() {
    TransactionLoop loop = new TransactionLoop(CLIENT, 3);
    RecordingPort port = new RecordingPort();
    loop.start(onShards(7), port);
    assertEquals(new XenstoreShard.TxStart(CLIENT, 1), port.last(0));
    assertEquals(Outcome.next_stage, loop.onReply(reply(1, Status.ok), port));
    assertEquals(Outcome.next_stage, loop.onReply(reply(2, Status.ok), port));
    assertEquals(Outcome.committed, loop.onReply(reply(3, Status.ok), port));
    assertEquals("a one-shard transaction is no cross-shard commit", 0, loop.crossShardCommits());
    assertEquals("committed: nothing open any more", Outcome.not_ours, loop.onReply(reply(3, Status.ok), port));
  }

  @Test
  public void aReplyToAnotherRequestIsNotTheTransactions() {
    TransactionLoop loop = new TransactionLoop(CLIENT, 3);
    RecordingPort port = new RecordingPort();
    assertEquals("none open", Outcome.not_ours, loop.onReply(reply(1, Status.ok), port));
    loop.start(onShards(7), port);
    assertEquals(Outcome.not_ours, loop.onReply(reply(5, Status.ok), port));
  }

  @Test
  public void aConflictStartsTheTransactionAgainUntilTheLastRetryAllowed() {
    TransactionLoop loop = new TransactionLoop(CLIENT, 1);
    RecordingPort port = new RecordingPort();
    loop.start(onShards(7), port);
    loop.onReply(reply(1, Status.ok), port);
    loop.onReply(reply(2, Status.ok), port);
    assertEquals(Outcome.retried, loop.onReply(reply(3, Status.eagain), port));
    assertEquals(new XenstoreShard.TxStart(CLIENT, 4), port.last(0));
    loop.onReply(reply(4, Status.ok), port);
    loop.onReply(reply(5, Status.ok), port);
    assertEquals(Outcome.gave_up, loop.onReply(reply(6, Status.eagain), port));
    assertEquals(2, loop.operationRetries());
    loop.reset();
    assertEquals("a new operation counts its own retries", 0, loop.operationRetries());
  }

  @Test
  public void eachTransactionOfAnOperationHasItsOwnRetriesButTheOperationCountsThemAll() {
    TransactionLoop loop = new TransactionLoop(CLIENT, 1);
    RecordingPort port = new RecordingPort();
    loop.start(onShards(7), port);
    loop.onReply(reply(1, Status.ok), port);
    loop.onReply(reply(2, Status.ok), port);
    assertEquals(Outcome.retried, loop.onReply(reply(3, Status.eagain), port));
    loop.start(onShards(7), port);
    loop.onReply(reply(5, Status.ok), port);
    loop.onReply(reply(6, Status.ok), port);
    assertEquals("the new transaction may retry once too", Outcome.retried,
        loop.onReply(reply(7, Status.eagain), port));
    assertEquals(2, loop.operationRetries());
  }

  @Test
  public void aTransactionOverTwoShardsIsCountedAsACrossShardAbortThenCommit() {
    TransactionLoop loop = new TransactionLoop(CLIENT, 3);
    RecordingPort port = new RecordingPort();
    loop.start(onShards(3, 5), port);
    assertEquals(Outcome.waiting, loop.onReply(reply(1, Status.ok), port));
    assertEquals(Outcome.next_stage, loop.onReply(reply(2, Status.ok), port));
    assertEquals("one shard's operations at a time", Outcome.waiting, loop.onReply(reply(3, Status.ok), port));
    assertEquals(Outcome.next_stage, loop.onReply(reply(4, Status.ok), port));
    assertEquals(Outcome.waiting, loop.onReply(reply(5, Status.eagain), port));
    assertEquals("no shard prepared: nothing to abort, start again", Outcome.retried,
        loop.onReply(reply(6, Status.eagain), port));
    assertEquals(1, loop.crossShardAborts());
    for (long tag = 7; tag <= 12; tag++) {
      loop.onReply(reply(tag, Status.ok), port);
    }
    assertEquals(Outcome.waiting, loop.onReply(reply(13, Status.ok), port));
    assertEquals(Outcome.committed, loop.onReply(reply(14, Status.ok), port));
    assertEquals(1, loop.crossShardCommits());
  }

  @Test
  public void anAbandonedTransactionTakesNoMoreReplies() {
    TransactionLoop loop = new TransactionLoop(CLIENT, 3);
    RecordingPort port = new RecordingPort();
    loop.start(onShards(7), port);
    loop.abandon();
    assertEquals(Outcome.not_ours, loop.onReply(reply(1, Status.ok), port));
  }
}
