package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ScrubPlacement;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import java.io.Serializable;

/**
 * A destroy's scrub phase as a worker runs it: the dying domain's memory is relinquished and scrubbed as the scrub
 * placement says. In every placement the destroying CPU walks every page, as Xen's domain_relinquish_resources ->
 * relinquish_memory does inside XEN_DOMCTL_destroydomain, batch after batch under domctl_lock, dropped and taken
 * again between batches (the hypercall's continuations; see {@link DomainScrub}). With remote scrubbing each page is
 * scrubbed in that same loop (Xen 4.8: free_domheap_pages scrubs as it frees), one memory stream per batch on the
 * page's node; with idle scrubbing each batch goes back to its node marked dirty as it is walked; with local
 * scrubbing each node's own CPUs scrub its share once the walk is over, while the worker waits. Each step says
 * whether the scrub phase is over.
 */
public final class Scrubbing implements Serializable {
  private final Layout layout;
  private final CostModel cost;
  private final ScrubPlacement placement;
  private final int cpuNode;
  private final LpRef<XenMsg> self;
  private DomainScrub pages;
  private int domid;

  /** The scrubbing of worker {@code self}, whose CPU is on node {@code cpuNode}. */
  public Scrubbing(Layout layout, CostModel cost, ScrubPlacement placement, int cpuNode, LpRef<XenMsg> self) {
    this.layout = layout;
    this.cost = cost;
    this.placement = placement;
    this.cpuNode = cpuNode;
    this.self = self;
  }

  /** The hypervisor killed domain {@code domid} and handed back the pages it owned, per node (none: empty). */
  public void reclaimed(int domid, long[] owned) {
    this.domid = domid;
    pages = new DomainScrub(owned.length == 0 ? new long[layout.nodes()] : owned);
  }

  /**
   * Starts the walk; domctl_lock is held already if {@code holdsDomctl} (right after the kill), and taken first if
   * not (after an xl crash).
   */
  public boolean start(boolean holdsDomctl, WorkerPort port) {
    if (holdsDomctl) {
      return nextBatch(port);
    }
    port.acquire(layout.domctlLock(), SharedStep.scrub_lock);
    return false;
  }

  private boolean scrubLocally(WorkerPort port) {
    port.await(SharedStep.scrub_local);
    for (int n = 0; n < pages.nodes(); n++) {
      if (pages.pages(n) > 0) {
        pages.expectNode();
        port.send(layout.node(n), new NumaNode.ScrubLocally(pages.pages(n), self, domid));
      }
    }
    return pages.pending() == 0;
  }

  /** A node scrubbed its share locally. */
  public boolean nodeScrubbed() {
    return pages.nodeScrubbed();
  }

  /** Nodes yet to answer. */
  public int pending() {
    return pages.pending();
  }

  /** domctl_lock held: the next batch of the walk on this CPU, or the end of the walk. */
  public boolean nextBatch(WorkerPort port) {
    if (!pages.nextBatch()) {
      port.release(layout.domctlLock());
      return placement != ScrubPlacement.local || scrubLocally(port);
    }
    if (placement == ScrubPlacement.remote) {
      port.send(layout.node(pages.node()), new NumaNode.Release(pages.batch(cost)));
    }
    walkBatch(port);
    return false;
  }

  /**
   * Walks the current batch on this worker's CPU, scrubbing it too with remote scrubbing (again, after a killed xl
   * left it half done). The walk is page-structure work, CPU-bound; the scrub is a stream on the batch's node.
   */
  public void walkBatch(WorkerPort port) {
    long batch = pages.batch(cost);
    if (placement == ScrubPlacement.remote) {
      port.stream(layout.node(pages.node()), WorkKind.scrub, batch, cost.releaseTime(batch), SharedStep.scrub_cpu);
    } else {
      port.cpu(WorkKind.memory, cost.releaseTime(batch), SharedStep.scrub_cpu);
    }
  }

  /** A batch is walked: hand it back, then take the hypercall-continuation preemption point. */
  public void batchWalked(WorkerPort port) {
    long batch = pages.batch(cost);
    switch (placement) {
      case remote -> port.send(layout.node(pages.node()), new NumaNode.Scrubbed(batch, pages.node() != cpuNode));
      case idle -> port.send(layout.node(pages.node()), new NumaNode.ReleaseDirty(batch));
      case local -> { }
    }
    pages.scrubbed(batch);
    port.release(layout.domctlLock());
    port.acquire(layout.domctlLock(), SharedStep.scrub_lock);
  }
}
