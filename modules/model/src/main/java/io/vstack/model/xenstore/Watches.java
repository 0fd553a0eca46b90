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
  /** The same lists, for looking up a changed node's ancestors. */
  private final PathIndex<List<Entry>> index = new PathIndex<>();
  private int count;

  void add(String path, String token, LpRef<XenMsg> watcher) {
    List<Entry> list = byPath.get(path);
    if (list == null) {
      list = new ArrayList<>();
      byPath.put(path, list);
      index.put(path, list);
    }
    list.add(new Entry(token, watcher));
    count++;
  }

  void remove(String path, String token, LpRef<XenMsg> watcher) {
    List<Entry> list = byPath.get(path);
    if (list != null && list.remove(new Entry(token, watcher))) {
      count--;
      if (list.isEmpty()) {
        byPath.remove(path);
        index.remove(path);
      }
    }
  }

  /** Drops every watch of {@code watcher}, whose connection closed. */
  void drop(LpRef<XenMsg> watcher) {
    for (var it = byPath.entrySet().iterator(); it.hasNext(); ) {
      var watched = it.next();
      String path = watched.getKey();
      List<Entry> list = watched.getValue();
      int before = list.size();
      list.removeIf(w -> w.watcher().equals(watcher));
      count -= before - list.size();
      if (list.isEmpty()) {
        // a TreeMap entry may hold its successor's key once removed: the path is read before
        it.remove();
        index.remove(path);
      }
    }
  }

  /** The events the change of each of {@code changed} fires. */
  List<Fired> fired(List<String> changed) {
    List<Fired> out = new ArrayList<>();
    if (byPath.isEmpty()) {
      return out;
    }
    for (String path : changed) {
      for (int length = path.length(); ; length = PathIndex.parentLength(path, length)) {
        List<Entry> watching = index.get(path, length);
        for (int i = 0; watching != null && i < watching.size(); i++) {
          out.add(new Fired(watching.get(i).watcher(), path, watching.get(i).token()));
        }
        if (length == 1) {
          break;
        }
      }
    }
    return out;
  }

  int count() {
    return count;
  }
}
