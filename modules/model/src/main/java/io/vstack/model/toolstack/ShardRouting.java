package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.BackendPlacement;
import io.vstack.model.xenstore.TxOp;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which Xenstore shard holds a node of a domain. Shards partition the tree by domain: a domain's subtrees
 * ({@code /local/domain/<domid>}, {@code /vm/<uuid>}, {@code /libxl/<domid>}) live on shard {@code domid mod N}. Its
 * backend directories ({@code /local/domain/0/backend/<type>/<domid>/<devid>}) live with it ({@code with-guest}) or,
 * as part of dom0's subtree, on dom0's shard ({@code in-dom0}).
 */
public record ShardRouting(Layout layout, BackendPlacement placement) implements Serializable {
  private static final String DOM0 = "/local/domain/0";

  /** The shard of domain {@code domid}'s own subtrees. */
  public LpRef<XenMsg> ofDomain(int domid) {
    return layout.shardOfDomain(domid);
  }

  /** The shard holding domain {@code domid}'s backend directories. */
  public LpRef<XenMsg> ofBackends(int domid) {
    return placement == BackendPlacement.in_dom0 ? layout.shardOfDomain(0) : layout.shardOfDomain(domid);
  }

  /** Every shard that may hold backend directories: dom0's alone, or all of them when they sit with their guests. */
  public List<LpRef<XenMsg>> backendShards() {
    if (placement == BackendPlacement.in_dom0) {
      return List.of(layout.shardOfDomain(0));
    }
    List<LpRef<XenMsg>> all = new ArrayList<>();
    for (int s = 0; s < layout.shards(); s++) {
      all.add(layout.shard(s));
    }
    return all;
  }

  /** The shard holding {@code path}, a node written or removed for domain {@code domid}. */
  public LpRef<XenMsg> of(String path, int domid) {
    return path.equals(DOM0) || path.startsWith(DOM0 + "/") ? ofBackends(domid) : ofDomain(domid);
  }

  /** Whether the backend reads its frontend's node on the guest's shard before connecting a device. */
  public boolean backendReadsFrontend() {
    return placement == BackendPlacement.in_dom0;
  }

  /** {@code ops} of domain {@code domid} grouped by shard id, in shard order, each group in the order given. */
  public TreeMap<Integer, List<TxOp>> byShard(List<TxOp> ops, int domid) {
    TreeMap<Integer, List<TxOp>> out = new TreeMap<>();
    for (TxOp op : ops) {
      out.computeIfAbsent(of(op.path(), domid).id(), k -> new ArrayList<>()).add(op);
    }
    return out;
  }
}
