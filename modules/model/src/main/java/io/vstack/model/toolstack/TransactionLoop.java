package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.io.Serializable;
import java.util.List;
import java.util.TreeMap;

/**
 * libxl's loop around a Xenstore transaction: start, apply, commit (see {@link ShardedTransaction}), and again on
 * EAGAIN up to a bound of retries. Counts an operation's retries and the cross-shard transactions committed and
 * aborted.
 */
public final class TransactionLoop implements Serializable {

  /** What a reply did. */
  public enum Outcome {
    /** It answers no open transaction. */
    not_ours,
    /** Nothing to do yet. */
    waiting,
    /** The transaction went on to its next stage (apply, then commit). */
    next_stage,
    /** Committed on every shard. */
    committed,
    /** A conflict: the transaction starts again. */
    retried,
    /** Still conflicting after the last retry allowed: the transaction is given up. */
    gave_up
  }

  private final LpRef<XenMsg> client;
  private final int maxRetries;
  private ShardedTransaction open;
  private int retries;
  private int operationRetries;
  private int crossShardCommits;
  private int crossShardAborts;

  /** The loop of worker {@code client}, retrying a conflicting transaction up to {@code maxRetries} times. */
  public TransactionLoop(LpRef<XenMsg> client, int maxRetries) {
    this.client = client;
    this.maxRetries = maxRetries;
  }

  /** A new operation: no retries yet. */
  public void reset() {
    operationRetries = 0;
  }

  /** Starts a transaction writing {@code opsByShard}, its retries counted from none. */
  public void start(TreeMap<Integer, List<TxOp>> opsByShard, ShardedTransaction.Requests requests) {
    retries = 0;
    open = new ShardedTransaction(client, opsByShard);
    open.start(requests);
  }

  /** Moves the open transaction on with {@code r}, if it answers it. */
  public Outcome onReply(XsReply r, ShardedTransaction.Requests requests) {
    if (open == null || !open.awaits(r.tag())) {
      return Outcome.not_ours;
    }
    switch (open.onReply(r, requests)) {
      case applying, committing -> {
        return Outcome.next_stage;
      }
      case committed -> {
        crossShardCommits += open.crossShard() ? 1 : 0;
        open = null;
        return Outcome.committed;
      }
      case conflict -> {
        crossShardAborts += open.crossShard() ? 1 : 0;
        operationRetries++;
        if (++retries > maxRetries) {
          open = null;
          return Outcome.gave_up;
        }
        open.start(requests);
        return Outcome.retried;
      }
      default -> {
        return Outcome.waiting;
      }
    }
  }

  /** The open transaction, if any, is dropped (its worker ended the operation or died). */
  public void abandon() {
    open = null;
  }

  /** Retries of every transaction of the current operation. */
  public int operationRetries() {
    return operationRetries;
  }

  public int crossShardCommits() {
    return crossShardCommits;
  }

  public int crossShardAborts() {
    return crossShardAborts;
  }

  public int maxRetries() {
    return maxRetries;
  }
}
