package io.vstack.model.xenstore;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A shard's registered watches by path, each an event per changed node at or below its path. Fired in a fixed
 * order: changed node by changed node, from the node up to the root, watches of a path in registration order.
 */
final class Watches implements Serializable {

  /** One event to send: {@code path} changed, for {@code watcher}'s watch {@code token}. */
  record Fired(LpRef<XenMsg> watcher, String path, String token) {
  }

  private record Entry(String token, LpRef<XenMsg> watcher) implements Serializable {
  }

  private final TreeMap<String, List<Entry>> byPath = new TreeMap<>();

  void add(String path, String token, LpRef<XenMsg> watcher) {
    byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(new Entry(token, watcher));
  }

  void remove(String path, String token, LpRef<XenMsg> watcher) {
    List<Entry> list = byPath.get(path);
    if (list != null) {
      list.remove(new Entry(token, watcher));
      if (list.isEmpty()) {
        byPath.remove(path);
      }
    }
  }

  /** Drops every watch of {@code watcher}, whose connection closed. */
  void drop(LpRef<XenMsg> watcher) {
    byPath.values().forEach(list -> list.removeIf(w -> w.watcher().equals(watcher)));
    byPath.values().removeIf(List::isEmpty);
  }

  /** The events the change of each of {@code changed} fires. */
  List<Fired> fired(List<String> changed) {
    List<Fired> out = new ArrayList<>();
    if (byPath.isEmpty()) {
      return out;
    }
    for (String path : changed) {
      for (String p = path; ; p = XenstoreTree.parent(p)) {
        List<Entry> watching = byPath.get(p);
        for (int i = 0; watching != null && i < watching.size(); i++) {
          out.add(new Fired(watching.get(i).watcher(), path, watching.get(i).token()));
        }
        if (p.equals("/")) {
          break;
        }
      }
    }
    return out;
  }

  int count() {
    return byPath.values().stream().mapToInt(List::size).sum();
  }
}
