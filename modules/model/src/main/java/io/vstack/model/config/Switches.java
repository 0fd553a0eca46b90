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
 * @param shells      LightVM's split toolstack: a pool of domain shells prepared in the background (mode parallel only)
 */
public record Switches(ToolstackMode mode, boolean cache, ScrubPlacement scrub, int workers, int shards,
    ConflictRule conflict, boolean autoballoon, boolean noxs, ShellPoolSpec shells) implements Serializable {

  /** Switches without a shell pool. */
  public Switches(ToolstackMode mode, boolean cache, ScrubPlacement scrub, int workers, int shards,
      ConflictRule conflict, boolean autoballoon, boolean noxs) {
    this(mode, cache, scrub, workers, shards, conflict, autoballoon, noxs, ShellPoolSpec.OFF);
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
        parallel ? shells : ShellPoolSpec.OFF);
  }

  /** Whether each creation holds xl's global lock from before freemem() until the domain is built. */
  public boolean takesXlLock() {
    return mode == ToolstackMode.serialized || balloons();
  }

  /** Whether xl's freemem() balloons dom0 down to make room for each new guest. */
  public boolean balloons() {
    return mode == ToolstackMode.xl_4_14 && autoballoon;
  }

  /** "stock", "all fixes", or the list of fixes and alternative designs applied. */
  public String label() {
    boolean p = mode == ToolstackMode.parallel;
    boolean l = scrub == ScrubPlacement.local;
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
