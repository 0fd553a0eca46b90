package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import java.io.Serializable;

/**
 * A creation's populate phase as a worker runs it: heap_lock, the allocation node by node (see
 * {@link MemoryAllocation}), the hypervisor's share of the work, the scrub of dirty pages it took, populating; and
 * undoing it all when the creation fails.
 */
public final class GuestMemory implements Serializable {
  private final Layout layout;
  private final CostModel cost;
  private final int cpuNode;
  private final LpRef<XenMsg> self;
  private MemoryAllocation allocation;
  private boolean holdsHeap;

  /** The memory of worker {@code self}, whose CPU is on node {@code cpuNode}: none yet. */
  public GuestMemory(Layout layout, CostModel cost, int cpuNode, LpRef<XenMsg> self) {
    this.layout = layout;
    this.cost = cost;
    this.cpuNode = cpuNode;
    this.self = self;
    this.allocation = new MemoryAllocation(layout.nodes());
  }

  /** A new operation: nothing allocated, or {@code pages} per node already (a prepared shell's). */
  public void reset(long[] pages) {
    allocation = pages == null ? new MemoryAllocation(layout.nodes()) : new MemoryAllocation(pages);
  }

  /** Takes heap_lock to allocate {@code pages} from node {@code home} on, dirty pages too if {@code dirtyAllowed}. */
  public void start(int home, long pages, boolean dirtyAllowed, WorkerPort port) {
    allocation.start(home, pages, dirtyAllowed);
    port.acquire(layout.heapLock(), SharedStep.heap_lock);
  }

  /** heap_lock is granted. */
  public void heapLocked(WorkerPort port) {
    holdsHeap = true;
    ask(port);
  }

  private void ask(WorkerPort port) {
    int node = allocation.nextNode();
    port.await(SharedStep.allocate);
    port.send(layout.node(node), allocation.dirtyPass()
        ? new NumaNode.AllocateDirty(allocation.needed(), node != cpuNode, self)
        : new NumaNode.Allocate(allocation.needed(), self));
  }

  /** A node answered; false when every node was asked and pages are still short (the creation fails). */
  public boolean granted(NumaNode.Allocated a, WorkerPort port) {
    switch (allocation.granted(a.node(), a.granted())) {
      case ask -> ask(port);
      case short_of_memory -> {
        return false;
      }
      case done -> port.cpu(WorkKind.hypervisor, cost.perGib(cost.heapLockPerGib(), allocation.total()),
          SharedStep.heap_cpu);
    }
    return true;
  }

  /** The allocation's hypervisor work is done: heap_lock goes, domain {@code domid} gets the pages. */
  public void allocated(int domid, WorkerPort port) {
    port.release(layout.heapLock());
    holdsHeap = false;
    port.send(layout.hypervisor(), new Hypervisor.Populated(domid, allocation.pages()));
    scrubDirty(port);
  }

  /** This CPU scrubbed the dirty pages the allocation took from one node. */
  public void scrubbed(WorkerPort port) {
    allocation.scrubbed(allocation.dirtyNode());
    scrubDirty(port);
  }

  /** Scrubs the dirty pages taken, a node's at a time, each a stream on that node's memory; then populates. */
  private void scrubDirty(WorkerPort port) {
    int node = allocation.dirtyNode();
    if (node < 0) {
      populate(port);
    } else {
      port.stream(layout.node(node), WorkKind.scrub, allocation.dirty(node), 0, SharedStep.allocation_scrub);
    }
  }

  /** populate_physmap builds page structures and the p2m: CPU-bound, not a stream over the guest's pages. */
  private void populate(WorkerPort port) {
    port.cpu(WorkKind.memory, cost.perGib(cost.populatePerGib(), allocation.total()), SharedStep.populate_cpu);
  }

  /** A failed creation: heap_lock goes if held, and every node gets back what it granted, dirty pages as dirty. */
  public void undo(WorkerPort port) {
    if (holdsHeap) {
      port.release(layout.heapLock());
      holdsHeap = false;
    }
    for (int n = 0; n < layout.nodes(); n++) {
      if (allocation.clean(n) > 0) {
        port.send(layout.node(n), new NumaNode.Free(allocation.clean(n)));
      }
      if (allocation.dirty(n) > 0) {
        port.send(layout.node(n), new NumaNode.ReleaseDirty(allocation.dirty(n)));
      }
    }
  }

  /** A node granted {@code granted} pages to a killed xl process: the cleanup gives them back. */
  public void took(int node, long granted) {
    allocation.took(node, granted);
  }

  /** The xl process holding heap_lock was killed: the kernel dropped it. */
  public void heapDropped() {
    holdsHeap = false;
  }

  /** Pages the allocation still needs. */
  public long needed() {
    return allocation.needed();
  }

  public boolean holdsHeap() {
    return holdsHeap;
  }

  /** Pages allocated per node. */
  public long[] pages() {
    return allocation.pages();
  }

  public long total() {
    return allocation.total();
  }
}
