package io.vstack.model.config;

import java.io.Serializable;
/**
 * The paper's three switches, the alternative control planes and the toolstack's size.
 *
 * @param mode        how creations are locked against each other (see {@link ToolstackMode})
 * @param cache       toolstack-side Xenstore cache of the domain list and name-to-domid map
 * @param scrub       remote: the destroying CPU scrubs every page (stock 4.8); local: each node's CPUs scrub its pages
 *                    (the paper); idle: pages are only marked dirty, idle pCPUs scrub them later (Xen 4.10 and later)
 * @param workers     concurrent toolstack operations (xl processes)
 * @param shards      Xenstore shards (1 = stock xenstored; more partition the tree by domain)
 * @param conflict    Xenstore transaction conflict rule: store (C xenstored before 4.9) or node (4.9 and later)
 * @param autoballoon xl.conf's autoballoon for mode xl-4.14: dom0 balloons down to make room for each guest, and
 *                    creations take the global lock; the other modes model a dom0 of fixed size and ignore it
 * @param noxs        LightVM's noxs: no Xenstore on the create and destroy paths, one shared page per device
 * @param kind        which toolstack runs the operations: xl processes, or XAPI's xenopsd (per-VM queues served by a
 *                    pool of {@code workers} threads; {@code mode}, {@code autoballoon} and {@code cache} are xl's)
 * @param numa        xenopsd's NUMA placement policy (read by xenopsd only)
 * @param shells      LightVM's split toolstack: a pool of domain shells prepared in the background (xl in mode
 *                    parallel only)
 * @param backends    which shard holds the backend directories under {@code /local/domain/0/backend} (matters with
 *                    more than one shard; xl only)
 */
public record Switches(ToolstackMode mode, boolean cache, ScrubPlacement scrub, int workers, int shards,
    ConflictRule conflict, boolean autoballoon, boolean noxs, ToolstackKind kind, NumaPlacement numa,
    ShellPoolSpec shells, BackendPlacement backends) implements Serializable {

  /** Switches of xl without a shell pool, backend directories with their guests. */
  public Switches(ToolstackMode mode, boolean cache, ScrubPlacement scrub, int workers, int shards,
      ConflictRule conflict, boolean autoballoon, boolean noxs) {
    this(mode, cache, scrub, workers, shards, conflict, autoballoon, noxs, ToolstackKind.xl, NumaPlacement.any,
        ShellPoolSpec.OFF, BackendPlacement.with_guest);
  }

  /**
   * Where a sharded Xenstore keeps the backend directories {@code /local/domain/0/backend/<type>/<domid>/<devid>}.
   */
  public enum BackendPlacement {
    /** On the guest's shard (keyed by the frontend's domid): every transaction of a domain stays on one shard. */
    with_guest,
    /**
     * In dom0's subtree on dom0's shard, as sharding by domain places them: a device's setup and a domain's cleanup
     * touch two shards and commit with two-phase commit.
     */
    in_dom0
  }

  /** Which toolstack handles create and destroy requests. */
  public enum ToolstackKind {
    /** xl processes (libxl), one per operation, locked per {@link ToolstackMode}. */
    xl,
    /** XAPI's xenopsd: operations queued per VM, served by a worker pool, run as micro-operations (atomics). */
    xenopsd
  }

  /** xenopsd's NUMA placement (xapi's Host.numa_affinity_policy). */
  public enum NumaPlacement {
    /** Xen's default placement (xapi's default_policy and any); vstack's round-robin home node. */
    any,
    /** Soft-pin the guest to the node with the most free memory that fits it (Softaffinity.plan). */
    best_effort
  }

  /** How creations are locked against each other. */
  public enum ToolstackMode implements ConfigReader.Spelled {
    /** Stock xl before 4.14: one global lock around each creation. */
    serialized,
    /** The paper's fine-grained locking: no global lock. */
    parallel,
    /** xl since 4.14 (commit 4fb402b486): the global lock only when auto-ballooning is on. */
    xl_4_14;

    @Override
    public String spelling() {
      return this == xl_4_14 ? "xl-4.14" : name();
    }
  }

  /** Which CPU scrubs a dying guest's memory, and when. */
  public enum ScrubPlacement { remote, local, idle }

  /** When a Xenstore transaction fails with EAGAIN. */
  public enum ConflictRule { store, node }

  /**
   * The paper's fixes on or off; the other switches stay as they are, except the shell pool, which needs parallel
   * creation and so goes with it.
   */
  public Switches withFixes(boolean parallel, boolean cached, boolean localScrub) {
    return new Switches(parallel ? ToolstackMode.parallel : ToolstackMode.serialized, cached,
        localScrub ? ScrubPlacement.local : ScrubPlacement.remote, workers, shards, conflict, autoballoon, noxs,
        kind, numa, parallel ? shells : ShellPoolSpec.OFF, backends);
  }

  /** Whether each creation holds xl's global lock from before freemem() until the domain is built. */
  public boolean takesXlLock() {
    return !xenopsd() && (mode == ToolstackMode.serialized || balloons());
  }

  /** Whether xl's freemem() balloons dom0 down to make room for each new guest. */
  public boolean balloons() {
    return !xenopsd() && mode == ToolstackMode.xl_4_14 && autoballoon;
  }

  /** Whether XAPI's xenopsd runs the operations instead of xl. */
  public boolean xenopsd() {
    return kind == ToolstackKind.xenopsd;
  }

  /** "stock", "all fixes", or the list of fixes and alternative designs applied. */
  public String label() {
    boolean p = mode == ToolstackMode.parallel;
    boolean l = scrub == ScrubPlacement.local;
    if (xenopsd()) {
      return "xenopsd" + (numa == NumaPlacement.best_effort ? "+numa" : "")
          + (scrub != ScrubPlacement.remote ? "+" + scrub.name() + "-scrub" : "");
    }
    if (mode == ToolstackMode.serialized && !cache && scrub == ScrubPlacement.remote && !noxs) {
      return "stock";
    }
    if (p && cache && l && !noxs && !shells.enabled()) {
      return "all fixes";
    }
    StringBuilder b = new StringBuilder();
    if (p) {
      b.append("parallel");
    } else if (mode == ToolstackMode.xl_4_14) {
      b.append(mode.spelling()).append(autoballoon ? "" : "-no-autoballoon");
    }
    if (cache) {
      b.append(b.length() > 0 ? "+" : "").append("cache");
    }
    if (scrub != ScrubPlacement.remote) {
      b.append(b.length() > 0 ? "+" : "").append(scrub.name()).append("-scrub");
    }
    if (noxs) {
      b.append(b.length() > 0 ? "+" : "").append("noxs");
    }
    if (shells.enabled()) {
      b.append(b.length() > 0 ? "+" : "").append(shells.label());
    }
    return b.toString();
  }
}
