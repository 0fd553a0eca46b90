package io.vstack.model;

import java.io.Serializable;
import io.vstack.engine.LpRef;
import io.vstack.model.config.Scenario;

/**
 * Which logical-process id is which component. Ids are contiguous per kind, so a NUMA node's pCPUs sit next to
 * each other and land in the same partition.
 */
public record Layout(int nodes, int pcpus, int shards, int workers, int guests, int lpCount) implements Serializable {

  /** Component kinds, in id order. */
  public enum Kind { hypervisor, xl_lock, domctl_lock, heap_lock, cache, backend, driver, node, pcpu, shard, worker,
    domain }

  private static final int FIXED = 7;

  public static Layout of(Scenario s) {
    return of(s.host().nodes(), s.host().pcpus(), s.switches().shards(), s.switches().workers(),
        s.workload().guests());
  }

  public static Layout of(int nodes, int pcpus, int shards, int workers, int guests) {
    return new Layout(nodes, pcpus, shards, workers, guests, FIXED + nodes + pcpus + shards + workers + guests);
  }

  public LpRef<XenMsg> hypervisor() {
    return LpRef.of(0);
  }

  public LpRef<XenMsg> xlLock() {
    return LpRef.of(1);
  }

  public LpRef<XenMsg> domctlLock() {
    return LpRef.of(2);
  }

  public LpRef<XenMsg> heapLock() {
    return LpRef.of(3);
  }

  public LpRef<XenMsg> cache() {
    return LpRef.of(4);
  }

  public LpRef<XenMsg> backend() {
    return LpRef.of(5);
  }

  public LpRef<XenMsg> driver() {
    return LpRef.of(6);
  }

  public LpRef<XenMsg> node(int n) {
    return LpRef.of(FIXED + n);
  }

  public LpRef<XenMsg> pcpu(int p) {
    return LpRef.of(FIXED + nodes + p);
  }

  public LpRef<XenMsg> shard(int s) {
    return LpRef.of(FIXED + nodes + pcpus + s);
  }

  public LpRef<XenMsg> worker(int w) {
    return LpRef.of(FIXED + nodes + pcpus + shards + w);
  }

  public LpRef<XenMsg> domain(int g) {
    return LpRef.of(FIXED + nodes + pcpus + shards + workers + g);
  }

  /** The kind of component with id {@code id}. */
  public Kind kindOf(int id) {
    if (id < FIXED) {
      return Kind.values()[id];
    }
    int i = id - FIXED;
    int[] sizes = {nodes, pcpus, shards, workers, guests};
    Kind[] kinds = {Kind.node, Kind.pcpu, Kind.shard, Kind.worker, Kind.domain};
    for (int k = 0; k < sizes.length; k++) {
      if (i < sizes[k]) {
        return kinds[k];
      }
      i -= sizes[k];
    }
    throw new IllegalArgumentException("no component has id " + id);
  }

  /** Every component's kind, indexed by id: for lookups per message, which {@link #kindOf}'s search would slow. */
  public Kind[] kinds() {
    Kind[] kinds = new Kind[lpCount];
    for (int id = 0; id < lpCount; id++) {
      kinds[id] = kindOf(id);
    }
    return kinds;
  }

  /** Index of component {@code id} among its kind. */
  public int indexOf(int id) {
    Kind kind = kindOf(id);
    return switch (kind) {
      case node -> id - node(0).id();
      case pcpu -> id - pcpu(0).id();
      case shard -> id - shard(0).id();
      case worker -> id - worker(0).id();
      case domain -> id - domain(0).id();
      default -> 0;
    };
  }

  /** Xenstore shard serving a domain's subtrees (stock xenstored: always shard 0). */
  public LpRef<XenMsg> shardOfDomain(int domid) {
    return shard(Math.floorMod(domid, shards));
  }
}
