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
 * A destroy's scrub phase as a worker runs it, for each scrub placement: with idle scrubbing the killed domain's
 * pages go back marked dirty at once; with local scrubbing each node's own CPUs scrub its share while the worker
 * waits; with remote scrubbing the worker's CPU scrubs batch after batch under domctl_lock (see {@link DomainScrub}).
 * Each step says whether the scrub phase is over.
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
   * Starts scrubbing; domctl_lock is held already if {@code holdsDomctl} (right after the kill), and taken first
   * for remote scrubbing if not (after an xl crash).
   */
  public boolean start(boolean holdsDomctl, WorkerPort port) {
    switch (placement) {
      case idle -> {
        if (holdsDomctl) {
          port.release(layout.domctlLock());
        }
        for (int n = 0; n < pages.nodes(); n++) {
          if (pages.pages(n) > 0) {
            port.send(layout.node(n), new NumaNode.ReleaseDirty(pages.pages(n)));
          }
        }
        return true;
      }
      case local -> {
        if (holdsDomctl) {
          port.release(layout.domctlLock());
        }
        return scrubLocally(port);
      }
      default -> {
        if (holdsDomctl) {
          return nextBatch(port);
        }
        port.acquire(layout.domctlLock(), SharedStep.scrub_lock);
        return false;
      }
    }
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

  /** Remote scrubbing (domctl_lock held): the next batch, scrubbed on this CPU, or the end. */
  public boolean nextBatch(WorkerPort port) {
    if (!pages.nextBatch()) {
      port.release(layout.domctlLock());
      return true;
    }
    port.send(layout.node(pages.node()), new NumaNode.Release(pages.batch(cost)));
    scrubOnCpu(port);
    return false;
  }

  /** Scrubs the current batch on this worker's CPU (again, after a killed xl left it half done). */
  public void scrubOnCpu(WorkerPort port) {
    port.cpu(WorkKind.scrub, cost.scrubTime(pages.batch(cost), pages.node() != cpuNode), SharedStep.scrub_cpu);
  }

  /** A batch is scrubbed: hand it back, then take the hypercall-continuation preemption point. */
  public void batchScrubbed(WorkerPort port) {
    long batch = pages.batch(cost);
    port.send(layout.node(pages.node()), new NumaNode.Scrubbed(batch, pages.node() != cpuNode));
    pages.scrubbed(batch);
    port.release(layout.domctlLock());
    port.acquire(layout.domctlLock(), SharedStep.scrub_lock);
  }
}
