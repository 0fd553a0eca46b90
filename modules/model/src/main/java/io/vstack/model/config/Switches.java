package io.vstack.model.config;

import java.io.Serializable;
/**
 * The paper's three switches and the toolstack's size.
 *
 * @param mode      serialized: one global lock around each creation (stock xl); parallel: fine-grained locks only
 * @param cache     toolstack-side Xenstore cache of the domain list and name-to-domid map
 * @param scrub     remote: the destroying CPU scrubs every page (stock 4.8); local: each node's CPUs scrub its pages
 *                  (the paper); idle: pages are only marked dirty, idle pCPUs scrub them later (Xen 4.10 and later)
 * @param workers   concurrent toolstack operations (xl processes)
 * @param shards    Xenstore shards (1 = stock xenstored; more partition the tree by domain)
 * @param conflict  Xenstore transaction conflict rule: store (C xenstored before 4.9) or node (4.9 and later)
 */
public record Switches(ToolstackMode mode, boolean cache, ScrubPlacement scrub, int workers, int shards,
    ConflictRule conflict) implements Serializable {

  /** How creations are locked against each other. */
  public enum ToolstackMode { serialized, parallel }

  /** Which CPU scrubs a dying guest's memory, and when. */
  public enum ScrubPlacement { remote, local, idle }

  /** When a Xenstore transaction fails with EAGAIN. */
  public enum ConflictRule { store, node }

  public Switches withFixes(boolean parallel, boolean cached, boolean localScrub) {
    return new Switches(parallel ? ToolstackMode.parallel : ToolstackMode.serialized, cached,
        localScrub ? ScrubPlacement.local : ScrubPlacement.remote, workers, shards, conflict);
  }

  /** "stock", "all fixes", or the list of fixes applied. */
  public String label() {
    boolean p = mode == ToolstackMode.parallel;
    boolean l = scrub == ScrubPlacement.local;
    if (!p && !cache && scrub == ScrubPlacement.remote) {
      return "stock";
    }
    if (p && cache && l) {
      return "all fixes";
    }
    StringBuilder b = new StringBuilder();
    if (p) {
      b.append("parallel");
    }
    if (cache) {
      b.append(b.length() > 0 ? "+" : "").append("cache");
    }
    if (scrub != ScrubPlacement.remote) {
      b.append(b.length() > 0 ? "+" : "").append(scrub.name()).append("-scrub");
    }
    return b.toString();
  }
}
