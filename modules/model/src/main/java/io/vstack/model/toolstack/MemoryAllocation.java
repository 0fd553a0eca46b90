package io.vstack.model.toolstack;

import java.io.Serializable;

/**
 * The memory a creation takes from the NUMA nodes, node by node, as alloc_heap_pages does
 * (xen/common/page_alloc.c): the home node first, then the others in turn; with idle scrubbing clean pages on every
 * node come first, and only then a second pass takes dirty ones, which the allocating CPU scrubs itself. Records
 * what each node granted, so that a failed creation can give back exactly what it took.
 */
public final class MemoryAllocation implements Serializable {

  /** What the allocation does after a node's answer. */
  public enum Next {
    /** Ask the next node for the pages still needed. */
    ask,
    /** Every node was asked and the pages are still short. */
    short_of_memory,
    /** Every page needed was granted. */
    done
  }

  private final long[] pages;
  private final long[] dirty;
  private long needed;
  private int home;
  private int tried;
  private boolean dirtyAllowed;
  private boolean dirtyPass;

  /** Nothing allocated yet on any of {@code nodes} nodes. */
  public MemoryAllocation(int nodes) {
    this(new long[nodes]);
  }

  /** Memory already allocated ({@code pages} per node, all clean), such as a prepared shell's. */
  public MemoryAllocation(long[] pages) {
    this.pages = pages;
    this.dirty = new long[pages.length];
  }

  /** Starts asking for {@code needed} pages from node {@code home} on; {@code dirtyAllowed} with idle scrubbing. */
  public void start(int home, long needed, boolean dirtyAllowed) {
    this.home = home;
    this.needed = needed;
    this.dirtyAllowed = dirtyAllowed;
    tried = 0;
    dirtyPass = false;
  }

  /** The node to ask now. */
  public int nextNode() {
    int node = (home + tried) % pages.length;
    tried++;
    return node;
  }

  /** Whether the current pass takes dirty pages. */
  public boolean dirtyPass() {
    return dirtyPass;
  }

  /** Pages still needed. */
  public long needed() {
    return needed;
  }

  /** Node {@code node} granted {@code granted} pages of the current pass. */
  public void took(int node, long granted) {
    pages[node] += granted;
    if (dirtyPass) {
      dirty[node] += granted;
    }
  }

  /** Node {@code node} granted {@code granted} pages: what to do next (a second, dirty pass starts here). */
  public Next granted(int node, long granted) {
    took(node, granted);
    needed -= granted;
    if (needed > 0 && tried < pages.length) {
      return Next.ask;
    } else if (needed > 0 && dirtyAllowed && !dirtyPass) {
      dirtyPass = true;
      tried = 0;
      return Next.ask;
    }
    return needed > 0 ? Next.short_of_memory : Next.done;
  }

  /** The first node whose dirty pages taken are not scrubbed yet; -1 when none. */
  public int dirtyNode() {
    for (int n = 0; n < dirty.length; n++) {
      if (dirty[n] > 0) {
        return n;
      }
    }
    return -1;
  }

  /** The allocating CPU scrubbed the dirty pages it took from node {@code node}: they are clean now. */
  public void scrubbed(int node) {
    dirty[node] = 0;
  }

  /** Clean pages taken from node {@code node}. */
  public long clean(int node) {
    return pages[node] - dirty[node];
  }

  /** Dirty pages taken from node {@code node} and not scrubbed yet. */
  public long dirty(int node) {
    return dirty[node];
  }

  /** Pages taken per node (the array itself: a hypervisor message carries it as it is now). */
  public long[] pages() {
    return pages;
  }

  public long total() {
    long total = 0;
    for (long p : pages) {
      total += p;
    }
    return total;
  }
}
