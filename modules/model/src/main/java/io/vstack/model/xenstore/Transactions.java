package io.vstack.model.xenstore;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import java.io.Serializable;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A shard's transactions: open ones, prepared ones (phase one of a cross-shard commit passed) and lost ones (open
 * when xenstored restarted: their next request fails with EAGAIN). A prepared transaction holds what its conflict rule
 * checks, under {@code store} the whole shard, under {@code node} the nodes it touched: a commit or prepare that needs
 * what is held is refused (never waits, so two cross-shard transactions cannot deadlock), a write outside transactions
 * to a held node waits. A restart loses the open transactions but keeps the prepared ones, as it keeps the store.
 */
final class Transactions implements Serializable {
  private final int shard;
  private final ConflictRule rule;
  private final TreeMap<Long, Transaction> open = new TreeMap<>();
  private final TreeMap<Long, Transaction> prepared = new TreeMap<>();
  private final TreeSet<Long> lost = new TreeSet<>();
  private long next = 1;
  private long lostTotal;

  Transactions(int shard, ConflictRule rule) {
    this.shard = shard;
    this.rule = rule;
  }

  /** Opens a transaction of {@code owner} over the store at {@code generation}; returns its id. */
  long start(long generation, LpRef<XenMsg> owner) {
    long id = next++;
    open.put(id, new Transaction(generation, owner));
    return id;
  }

  /** Whether {@code id} was lost to a restart (and not yet ended by a commit, prepare or abort). */
  boolean lost(long id) {
    return lost.contains(id);
  }

  /** The open transaction {@code id}. */
  Transaction get(long id) {
    Transaction tx = open.get(id);
    if (tx == null) {
      throw new IllegalStateException("unknown transaction " + id + " on shard " + shard);
    }
    return tx;
  }

  /** Ends a lost transaction {@code id}; false if it was not lost. */
  boolean endLost(long id) {
    return lost.remove(id);
  }

  /** Ends a prepared transaction {@code id} to commit it; null if it was not prepared. */
  Transaction endPrepared(long id) {
    return prepared.remove(id);
  }

  /** Ends the open transaction {@code id} for a commit ({@code request}: what ends it, for the error). */
  Transaction end(long id, String request) {
    Transaction tx = open.remove(id);
    if (tx == null) {
      throw new IllegalStateException(request + " of unknown transaction " + id + " on shard " + shard);
    }
    return tx;
  }

  /** Whether {@code tx} may commit against {@code tree}: no conflicting change, nothing it needs held. */
  boolean clean(Transaction tx, XenstoreTree tree) {
    return !tx.conflicts(tree, rule) && !blockedByPrepared(tx);
  }

  /** Phase one: ends the open transaction {@code id} and, if clean, holds it prepared; returns whether it was. */
  boolean prepare(long id, XenstoreTree tree) {
    Transaction tx = end(id, "prepare");
    boolean clean = clean(tx, tree);
    if (clean) {
      prepared.put(id, tx);
    }
    return clean;
  }

  /** Ends {@code id} uncommitted, whatever its state; returns whether it was prepared (and so held something). */
  boolean abort(long id) {
    open.remove(id);
    lost.remove(id);
    return prepared.remove(id) != null;
  }

  /** xenstored restarted: the open transactions are lost. */
  void loseOpen() {
    lostTotal += open.size();
    lost.addAll(open.keySet());
    open.clear();
  }

  /** {@code client}'s connection closed: its transactions end; returns whether a prepared one did. */
  boolean disconnect(LpRef<XenMsg> client) {
    open.values().removeIf(tx -> tx.ownedBy(client));
    return prepared.values().removeIf(tx -> tx.ownedBy(client));
  }

  /** Whether a prepared transaction touched {@code path}, a node above it or one below it. */
  boolean held(String path) {
    for (Transaction tx : prepared.values()) {
      if (tx.overlaps(path)) {
        return true;
      }
    }
    return false;
  }

  boolean anyPrepared() {
    return !prepared.isEmpty();
  }

  int openCount() {
    return open.size() + prepared.size();
  }

  int preparedCount() {
    return prepared.size();
  }

  long lostTotal() {
    return lostTotal;
  }

  private boolean blockedByPrepared(Transaction tx) {
    if (prepared.isEmpty()) {
      return false;
    }
    if (rule == ConflictRule.store) {
      return true;
    }
    for (Transaction holder : prepared.values()) {
      if (holder.overlaps(tx)) {
        return true;
      }
    }
    return false;
  }
}
