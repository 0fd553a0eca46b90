package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The client side of one libxl transaction (an {@code xs_transaction_start} .. {@code xs_transaction_end} attempt)
 * over the shards its nodes live on. On one shard: start, apply, commit, as against one xenstored. On several: a
 * start on every shard at once, each shard's operations in turn (libxl writes node after node, each a synchronous
 * request, so splitting them over shards saves no time), then two-phase commit: {@code TxPrepare} to every shard at
 * once, {@code TxCommit} to all if all prepared, else {@code TxAbort} to those that did; the caller then retries the
 * whole transaction, as libxl retries on EAGAIN. Replies are matched by tag, one tag per shard and stage, drawn from
 * the caller's counter.
 */
public final class ShardedTransaction implements Serializable {

  /** What the caller does after a reply. */
  public enum Progress {
    /** Nothing: other shards have yet to answer, or the next stage of the commit went out. */
    waiting,
    /** The transactions are open on every shard and the operations went out. */
    applying,
    /** The operations are in; the commit (or its prepare round) went out. */
    committing,
    /** Committed on every shard. */
    committed,
    /** EAGAIN: nothing was committed anywhere; start again. */
    conflict
  }

  /** The caller's way to send: a request to a shard, and its next tag. */
  public interface Requests {
    void send(LpRef<XenMsg> shard, XenMsg request);

    long nextTag();
  }

  private enum Stage { start, apply, prepare, commit, abort }

  private static final long NONE = Long.MIN_VALUE;

  private final LpRef<XenMsg> client;
  private final List<LpRef<XenMsg>> shards = new ArrayList<>();
  private final List<List<TxOp>> ops = new ArrayList<>();
  private final long[] tx;
  private final long[] tags;
  private final boolean[] ok;
  private Stage stage;
  private int pending;
  private int applied;

  /** A transaction of {@code client} writing {@code opsByShard} (operations by shard id). */
  public ShardedTransaction(LpRef<XenMsg> client, TreeMap<Integer, List<TxOp>> opsByShard) {
    this.client = client;
    for (Map.Entry<Integer, List<TxOp>> e : opsByShard.entrySet()) {
      shards.add(LpRef.of(e.getKey()));
      ops.add(List.copyOf(e.getValue()));
    }
    tx = new long[shards.size()];
    tags = new long[shards.size()];
    ok = new boolean[shards.size()];
    Arrays.fill(tags, NONE);
  }

  /** Whether it spans more than one shard (and so commits in two phases). */
  public boolean crossShard() {
    return shards.size() > 1;
  }

  /** Starts (or starts again) a transaction on every shard involved. */
  public void start(Requests requests) {
    stage = Stage.start;
    pending = 0;
    Arrays.fill(tags, NONE);
    for (int i = 0; i < shards.size(); i++) {
      send(i, requests, tag -> new XenstoreShard.TxStart(client, tag));
    }
  }

  /** Whether {@code tag} is a reply this transaction still waits for. */
  public boolean awaits(long tag) {
    return indexOf(tag) >= 0;
  }

  public Progress onReply(XsReply reply, Requests requests) {
    int i = indexOf(reply.tag());
    if (i < 0) {
      return Progress.waiting;
    }
    tags[i] = NONE;
    pending--;
    if (stage == Stage.start) {
      tx[i] = reply.tx();
    } else {
      ok[i] = reply.status() == XenstoreShard.Status.ok;
    }
    if (pending > 0) {
      return Progress.waiting;
    }
    return switch (stage) {
      case start -> {
        stage = Stage.apply;
        applied = 0;
        apply(0, requests);
        yield Progress.applying;
      }
      case apply -> {
        if (++applied < shards.size()) {
          apply(applied, requests);
          yield Progress.waiting;
        }
        stage = crossShard() ? Stage.prepare : Stage.commit;
        for (int s = 0; s < shards.size(); s++) {
          long id = tx[s];
          send(s, requests, crossShard() ? tag -> new XenstoreShard.TxPrepare(id, client, tag)
              : tag -> new XenstoreShard.TxCommit(id, client, tag));
        }
        yield Progress.committing;
      }
      case prepare -> prepared(requests);
      case commit -> committed();
      case abort -> Progress.conflict;
    };
  }

  /** Sends shard {@code s} its operations. */
  private void apply(int s, Requests requests) {
    List<TxOp> apply = ops.get(s);
    long id = tx[s];
    send(s, requests, tag -> new XenstoreShard.TxApply(id, apply, client, tag));
  }

  /** Every shard answered the prepare round: commit everywhere, or abort where it prepared. */
  private Progress prepared(Requests requests) {
    boolean all = true;
    for (boolean b : ok) {
      all &= b;
    }
    stage = all ? Stage.commit : Stage.abort;
    for (int s = 0; s < shards.size(); s++) {
      long id = tx[s];
      if (all) {
        send(s, requests, tag -> new XenstoreShard.TxCommit(id, client, tag));
      } else if (ok[s]) {
        send(s, requests, tag -> new XenstoreShard.TxAbort(id, client, tag));
      }
    }
    return pending == 0 ? Progress.conflict : Progress.waiting;
  }

  private Progress committed() {
    if (!crossShard()) {
      return ok[0] ? Progress.committed : Progress.conflict;
    }
    for (int s = 0; s < shards.size(); s++) {
      if (!ok[s]) {
        throw new IllegalStateException("a prepared transaction failed to commit on shard " + shards.get(s).id());
      }
    }
    return Progress.committed;
  }

  /** Sends shard {@code i} the request {@code make} builds with the next tag, and waits for its reply. */
  private void send(int i, Requests requests, LongFunction<XenMsg> make) {
    tags[i] = requests.nextTag();
    pending++;
    requests.send(shards.get(i), make.apply(tags[i]));
  }

  private int indexOf(long tag) {
    for (int i = 0; i < tags.length; i++) {
      if (tags[i] == tag) {
        return i;
      }
    }
    return -1;
  }
}
