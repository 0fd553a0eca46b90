package io.vstack.model.results;

import io.vstack.model.Layout;
import io.vstack.model.domain.Domain;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.toolstack.DevicePaths;
import io.vstack.model.toolstack.ShardRouting;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What must hold when a run has gone quiet: memory conserved and fully scrubbed, no domain half-created, Xenstore
 * holding entries for exactly the live non-noxs domains (with noxs on, every guest is a noxs guest and has none),
 * the cache agreeing with Xenstore, noxs devices (backend instances and device-page entries) for exactly the live
 * noxs domains' devices, every lock free and every worker idle. A shell of the split toolstack is a live domain
 * like any other (memory, Xenstore entries unless noxs, devices), and the only one that may be left paused; any
 * other domain left paused, or a shell that runs, is half-created. Each domain's Xenstore entries sit on the shard
 * that holds them ({@link ShardRouting}: with {@code xenstore.backends = in-dom0} its backend directories on dom0's),
 * and no transaction is left open or prepared, nor a request waiting for one. A violation is a bug in the model,
 * never a property of a scenario.
 */
public final class Invariants {
  private Invariants() {
  }

  public static List<String> violations(XenModel model) {
    return violations(model.finalState());
  }

  /** Every violated invariant, each a sentence; empty when all hold. */
  public static List<String> violations(FinalState state) {
    Layout layout = state.layout();
    List<String> out = new ArrayList<>();
    TreeMap<Integer, Hypervisor.DomainState> live = state.hypervisor().table();
    for (int n = 0; n < layout.nodes(); n++) {
      NumaNode.Report node = state.node(n);
      if (node.free() + node.allocated() + node.dirty() + node.reserved() != node.total()) {
        out.add("node " + n + ": free " + node.free() + " + allocated " + node.allocated() + " + dirty "
            + node.dirty() + " + reserved " + node.reserved() + " != total " + node.total());
      }
      if (node.dirty() != 0) {
        out.add("node " + n + ": " + node.dirty() + " pages left dirty");
      }
      if (node.claimed() != 0) {
        out.add("node " + n + ": a scrub chunk of " + node.claimed() + " pages is still out with an idle pCPU");
      }
      if (live.isEmpty() && node.allocated() != 0) {
        out.add("node " + n + ": " + node.allocated() + " pages allocated but no domain is alive");
      }
    }
    Set<Integer> shells = state.hypervisor().shells();
    live.forEach((domid, s) -> {
      Hypervisor.DomainState expected = shells.contains(domid) ? Hypervisor.DomainState.paused
          : Hypervisor.DomainState.running;
      if (s != expected) {
        out.add((shells.contains(domid) ? "shell " : "domain ") + domid + " is left " + s);
      }
    });
    if (!live.keySet().containsAll(shells)) {
      out.add("shells " + shells + " are not all live domains " + live.keySet());
    }
    for (int g = 0; g < layout.guests(); g++) {
      Domain.Report d = state.domain(g);
      switch (d.state()) {
        case creating, booting, destroying -> out.add("guest " + g + " is left " + d.state());
        case running -> {
          if (!live.containsKey(d.domid())) {
            out.add("guest " + g + " runs as domain " + d.domid() + " which the hypervisor does not have");
          }
        }
        default -> { }
      }
    }
    boolean noxs = state.scenario().switches().noxs();
    checkXenstore(state, noxs ? Set.of() : live.keySet(), out);
    if (noxs) {
      checkNoxsDevices(state, live.keySet(), out);
    }
    for (Lock.Report lock : List.of(state.xlLock(), state.domctlLock(), state.heapLock())) {
      if (!lock.free()) {
        out.add(lock.name() + " is still held or awaited");
      }
    }
    for (int w = 0; w < layout.workers(); w++) {
      Worker.Report worker = state.worker(w);
      if (!worker.idle() || worker.holdsLocks()) {
        out.add("toolstack worker " + w + " did not finish its operation");
      }
    }
    return out;
  }

  /** Each live noxs domain has every device set up in the backend and in its device page; dead ones have none. */
  private static void checkNoxsDevices(FinalState state, Set<Integer> live, List<String> out) {
    int devices = state.scenario().guest().devices();
    TreeMap<Integer, Integer> backend = new TreeMap<>();
    for (String device : state.backend().noxsDevices()) {
      backend.merge(DevicePaths.domidOfBackendDir(device), 1, Integer::sum);
    }
    TreeMap<Integer, Integer> pages = state.hypervisor().devicePages();
    for (int domid : live) {
      int set = backend.getOrDefault(domid, 0);
      int recorded = pages.getOrDefault(domid, 0);
      if (set != devices || recorded != devices) {
        out.add("noxs domain " + domid + " has " + set + " backend devices and " + recorded
            + " device-page entries, expected " + devices);
      }
    }
    TreeSet<Integer> dead = new TreeSet<>(backend.keySet());
    dead.addAll(pages.keySet());
    dead.removeAll(live);
    if (!dead.isEmpty()) {
      out.add("noxs devices left for dead domains " + dead);
    }
  }

  /** Xenstore's per-domain entries belong to exactly the domains in {@code withEntries}. */
  private static void checkXenstore(FinalState state, Set<Integer> withEntries, List<String> out) {
    TreeSet<String> livePlain = new TreeSet<>();
    TreeSet<String> expectedVms = new TreeSet<>();
    withEntries.forEach(d -> {
      livePlain.add(Integer.toString(d));
      expectedVms.add(DevicePaths.uuid(d));
    });
    TreeSet<String> domains = new TreeSet<>();
    TreeSet<String> vms = new TreeSet<>();
    TreeSet<String> libxl = new TreeSet<>();
    TreeSet<String> backends = new TreeSet<>();
    TreeMap<String, Integer> names = new TreeMap<>();
    for (int s = 0; s < state.layout().shards(); s++) {
      XenstoreShard.Report shard = state.shard(s);
      domains.addAll(shard.domains());
      vms.addAll(shard.vms());
      libxl.addAll(shard.libxl());
      backends.addAll(shard.backends());
      names.putAll(shard.names());
      if (shard.openTransactions() != 0) {
        out.add("xenstore shard " + s + " has " + shard.openTransactions() + " open transactions");
      }
      if (shard.preparedTransactions() != 0) {
        out.add("xenstore shard " + s + " has " + shard.preparedTransactions() + " transactions left prepared");
      }
      if (shard.waitingRequests() != 0) {
        out.add("xenstore shard " + s + " has " + shard.waitingRequests() + " requests waiting for a prepared "
            + "transaction");
      }
      checkPlacement(state, s, shard, out);
    }
    domains.remove("0");
    compare("/local/domain", domains, livePlain, out);
    compare("/vm", vms, expectedVms, out);
    compare("/libxl", libxl, livePlain, out);
    backends.removeAll(livePlain);
    if (!backends.isEmpty()) {
      out.add("xenstore backend entries for dead domains " + backends);
    }
    if (state.scenario().switches().cache()) {
      XenstoreCache.Report cache = state.cache();
      if (cache.hits() + cache.misses() > 0 && !cache.entries().equals(names)) {
        out.add("xenstore cache " + cache.entries() + " disagrees with xenstore " + names);
      }
    }
  }

  /** Shard {@code s} holds only entries of domains whose nodes it serves. */
  private static void checkPlacement(FinalState state, int s, XenstoreShard.Report shard, List<String> out) {
    ShardRouting routing = new ShardRouting(state.layout(), state.scenario().switches().backends());
    TreeSet<String> misplaced = new TreeSet<>();
    for (List<String> domids : List.of(shard.domains(), shard.libxl())) {
      domids.stream().filter(d -> !d.equals("0") && routing.ofDomain(Integer.parseInt(d)).id()
          != state.layout().shard(s).id()).forEach(misplaced::add);
    }
    shard.backends().stream().filter(d -> routing.ofBackends(Integer.parseInt(d)).id()
        != state.layout().shard(s).id()).forEach(d -> misplaced.add("backend of " + d));
    if (!misplaced.isEmpty()) {
      out.add("xenstore shard " + s + " holds entries of other shards' domains " + misplaced);
    }
  }

  private static void compare(String where, TreeSet<String> actual, TreeSet<String> expected, List<String> out) {
    if (!actual.equals(expected)) {
      TreeSet<String> extra = new TreeSet<>(actual);
      extra.removeAll(expected);
      TreeSet<String> missing = new TreeSet<>(expected);
      missing.removeAll(actual);
      out.add("xenstore " + where + ": entries for dead domains " + extra + ", missing for live ones " + missing);
    }
  }
}
