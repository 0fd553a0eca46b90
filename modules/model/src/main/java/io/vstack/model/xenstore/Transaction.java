package io.vstack.model.xenstore;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction of a shard: the operations it buffers until commit, the nodes they touch, and the conflict rules
 * that decide whether a change to the store since it started makes its commit fail with EAGAIN: {@code store}, any
 * change; {@code node}, a change to a node it touched (written or removed; an absent node counts as possibly removed
 * when its nearest ancestor changed after the start, which can make a concurrent sibling creation conflict: a retry,
 * never a lost update).
 */
final class Transaction implements Serializable {
  private final long start;
  private final LpRef<XenMsg> owner;
  private final List<TxOp> ops = new ArrayList<>();
  /** Each node the transaction touched, and whether it may have existed since the transaction started. */
  private final Map<String, Boolean> touched = new LinkedHashMap<>();

  /** A transaction of {@code owner} over the store as it is at generation {@code start}. */
  Transaction(long start, LpRef<XenMsg> owner) {
    this.start = start;
    this.owner = owner;
  }

  boolean ownedBy(LpRef<XenMsg> client) {
    return owner.equals(client);
  }

  /** Buffers {@code more} operations, noting for each new node whether it exists or may have existed. */
  void add(List<TxOp> more, XenstoreTree tree) {
    ops.addAll(more);
    more.forEach(op -> touched.putIfAbsent(op.path(), mayHaveExisted(op.path(), tree)));
  }

  /** How many distinct nodes it touched: what a commit checks, node by node. */
  int touchedNodes() {
    return touched.size();
  }

  /** Whether {@code tree} changed since the start in a way that conflicts with it under {@code rule}. */
  boolean conflicts(XenstoreTree tree, ConflictRule rule) {
    if (rule == ConflictRule.store) {
      return tree.generation() != start;
    }
    for (Map.Entry<String, Boolean> node : touched.entrySet()) {
      boolean exists = tree.exists(node.getKey());
      if (exists ? tree.modified(node.getKey()) > start : node.getValue()) {
        return true;
      }
    }
    return false;
  }

  /** Whether it touched {@code path}, a node above it or a node below it. */
  boolean overlaps(String path) {
    for (String node : touched.keySet()) {
      if (node.equals(path) || node.startsWith(path + "/") || path.startsWith(node + "/")) {
        return true;
      }
    }
    return false;
  }

  /** Whether it touched a node that {@code other} touched, or one above or below such a node. */
  boolean overlaps(Transaction other) {
    for (String node : other.touched.keySet()) {
      if (overlaps(node)) {
        return true;
      }
    }
    return false;
  }

  /** Applies its operations to {@code tree} in order; returns every path they created, changed or removed. */
  List<String> applyTo(XenstoreTree tree) {
    List<String> changed = new ArrayList<>();
    for (TxOp op : ops) {
      changed.addAll(op.value() == null ? tree.remove(op.path()) : tree.write(op.path(), op.value()));
    }
    return changed;
  }

  /**
   * Whether {@code path} exists or may have existed since the start: an absent node whose nearest ancestor changed
   * since then may have been removed meanwhile.
   */
  private boolean mayHaveExisted(String path, XenstoreTree tree) {
    return tree.exists(path) || tree.modifiedNearest(path) > start;
  }
}
