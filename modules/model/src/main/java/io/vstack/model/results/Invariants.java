package io.vstack.model.results;

import io.vstack.model.Layout;
import io.vstack.model.XenModel;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.toolstack.DevicePaths;
import io.vstack.model.toolstack.ToolstackWorker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.model.xenstore.XenstoreTree;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What must hold when a run has gone quiet: memory conserved and fully scrubbed, no domain half-created, Xenstore
 * holding entries for exactly the live domains, the cache agreeing with Xenstore, every lock free and every
 * worker idle. A violation is a bug in the model, never a property of a scenario.
 */
public final class Invariants {
  private Invariants() {
  }

  /** Every violated invariant, each a sentence; empty when all hold. */
  public static List<String> violations(XenModel model) {
    Layout layout = model.layout();
    List<String> out = new ArrayList<>();
    TreeMap<Integer, Hypervisor.DomainState> live = model.component(layout.hypervisor(), Hypervisor.class).table();
    for (int n = 0; n < layout.nodes(); n++) {
      NumaNode node = model.component(layout.node(n), NumaNode.class);
      if (node.free() + node.allocated() + node.dirty() != node.total()) {
        out.add("node " + n + ": free " + node.free() + " + allocated " + node.allocated() + " + dirty "
            + node.dirty() + " != total " + node.total());
      }
      if (node.dirty() != 0) {
        out.add("node " + n + ": " + node.dirty() + " pages left dirty");
      }
      if (live.isEmpty() && node.allocated() != 0) {
        out.add("node " + n + ": " + node.allocated() + " pages allocated but no domain is alive");
      }
    }
    live.forEach((domid, state) -> {
      if (state != Hypervisor.DomainState.running) {
        out.add("domain " + domid + " is left " + state);
      }
    });
    for (int g = 0; g < layout.guests(); g++) {
      Domain d = model.component(layout.domain(g), Domain.class);
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
    checkXenstore(model, layout, live.keySet(), out);
    for (var lock : List.of(layout.xlLock(), layout.domctlLock(), layout.heapLock())) {
      Lock l = model.component(lock, Lock.class);
      if (!l.free()) {
        out.add(l.name() + " is still held or awaited");
      }
    }
    for (int w = 0; w < layout.workers(); w++) {
      ToolstackWorker worker = model.component(layout.worker(w), ToolstackWorker.class);
      if (!worker.idle() || worker.holdsLocks()) {
        out.add("toolstack worker " + w + " did not finish its operation");
      }
    }
    return out;
  }

  private static void checkXenstore(XenModel model, Layout layout, java.util.Set<Integer> live, List<String> out) {
    TreeSet<String> expectedDomains = new TreeSet<>();
    TreeSet<String> expectedVms = new TreeSet<>();
    live.forEach(d -> {
      expectedDomains.add(Integer.toString(d));
      expectedVms.add(DevicePaths.uuid(d));
    });
    TreeSet<String> domains = new TreeSet<>();
    TreeSet<String> vms = new TreeSet<>();
    TreeSet<String> libxl = new TreeSet<>();
    TreeSet<String> backends = new TreeSet<>();
    TreeMap<String, Integer> names = new TreeMap<>();
    for (int s = 0; s < layout.shards(); s++) {
      XenstoreShard shard = model.component(layout.shard(s), XenstoreShard.class);
      XenstoreTree tree = shard.tree();
      addChildren(tree, "/local/domain", domains);
      addChildren(tree, "/vm", vms);
      addChildren(tree, "/libxl", libxl);
      addChildren(tree, "/local/domain/0/backend/vif", backends);
      addChildren(tree, "/local/domain/0/backend/vbd", backends);
      if (shard.openTransactions() != 0) {
        out.add("xenstore shard " + s + " has " + shard.openTransactions() + " open transactions");
      }
      List<String> children = tree.directory("/local/domain");
      for (String d : children == null ? List.<String>of() : children) {
        String name = tree.read("/local/domain/" + d + "/name");
        if (!d.equals("0") && name != null) {
          names.put(name, Integer.parseInt(d));
        }
      }
    }
    domains.remove("0");
    TreeSet<String> livePlain = new TreeSet<>();
    live.forEach(d -> livePlain.add(Integer.toString(d)));
    compare("/local/domain", domains, expectedDomains, out);
    compare("/vm", vms, expectedVms, out);
    compare("/libxl", libxl, livePlain, out);
    backends.removeAll(livePlain);
    if (!backends.isEmpty()) {
      out.add("xenstore backend entries for dead domains " + backends);
    }
    if (model.scenario().switches().cache()) {
      XenstoreCache cache = model.component(layout.cache(), XenstoreCache.class);
      if (cache.hits() + cache.misses() > 0 && !cache.entries().equals(names)) {
        out.add("xenstore cache " + cache.entries() + " disagrees with xenstore " + names);
      }
    }
  }

  private static void addChildren(XenstoreTree tree, String path, TreeSet<String> into) {
    List<String> children = tree.directory(path);
    if (children != null) {
      into.addAll(children);
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
