package io.vstack.model.toolstack;

import io.vstack.model.config.CostModel;
import java.io.Serializable;

/**
 * The memory a killed domain owned, per node, and how far relinquishing it got: the node and the pages left of it
 * (the destroying CPU walks batch after batch, like relinquish_memory's continuations), and with local scrubbing how
 * many nodes have still to answer.
 */
public final class DomainScrub implements Serializable {
  private final long[] pages;
  private int node;
  private long left;
  private int pending;

  /** The pages the domain owned on each node. */
  public DomainScrub(long[] owned) {
    this.pages = owned;
    this.left = owned[0];
  }

  public int nodes() {
    return pages.length;
  }

  /** Pages the domain owned on node {@code node}. */
  public long pages(int node) {
    return pages[node];
  }

  /** Local scrubbing: one more node scrubs its share and answers. */
  public void expectNode() {
    pending++;
  }

  /** Nodes yet to answer. */
  public int pending() {
    return pending;
  }

  /** A node answered; whether it was the last. */
  public boolean nodeScrubbed() {
    return --pending == 0;
  }

  /** Moves on to the next node with pages left; false when every page is walked. */
  public boolean nextBatch() {
    while (left == 0 && node + 1 < pages.length) {
      left = pages[++node];
    }
    return left > 0;
  }

  /** The node of the current batch. */
  public int node() {
    return node;
  }

  /** The pages of the current batch. */
  public long batch(CostModel cost) {
    return Math.min(left, cost.pagesFor(cost.scrubBatchMib()));
  }

  /** The current batch ({@code batch} pages) is walked. */
  public void scrubbed(long batch) {
    left -= batch;
  }
}
