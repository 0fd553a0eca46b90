package io.vstack.model.xenstore;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store itself: a tree of nodes with values, children kept sorted (so listings never depend on hash order),
 * and each node's last modification generation for transaction conflict checks. Writing a node creates its
 * missing parents, as xenstored does. It also indexes the {@code /local/domain/<domid>/name} values so a
 * name lookup is answered without walking every domain; the caller still pays for the walk it stands for.
 */
public final class XenstoreTree implements Serializable {
  private static final String DOMAINS = "/local/domain";

  private static final class Node implements Serializable {
    String value = "";
    /** Null while it has none: most nodes are leaves. */
    TreeSet<String> children;
    long modified;

    /** Its child names, sorted; empty for a leaf. */
    Set<String> children() {
      return children == null ? Set.of() : children;
    }

    void addChild(String name) {
      if (children == null) {
        children = new TreeSet<>();
      }
      children.add(name);
    }

    void removeChild(String name) {
      if (children != null) {
        children.remove(name);
      }
    }
  }

  private final PathIndex<Node> nodes = new PathIndex<>();
  private final TreeMap<String, TreeSet<Integer>> domidsByName = new TreeMap<>();
  private long generation;

  public XenstoreTree() {
    nodes.put("/", new Node());
  }

  public long generation() {
    return generation;
  }

  public int size() {
    return nodes.size();
  }

  public String read(String path) {
    Node n = nodes.get(path);
    return n == null ? null : n.value;
  }

  public boolean exists(String path) {
    return nodes.get(path) != null;
  }

  /** Sorted child names of {@code path}; null when it does not exist. */
  public List<String> directory(String path) {
    Node n = nodes.get(path);
    return n == null ? null : new ArrayList<>(n.children());
  }

  /** Generation at which {@code path} last changed; -1 when it does not exist. */
  public long modified(String path) {
    Node n = nodes.get(path);
    return n == null ? -1 : n.modified;
  }

  /** Generation at which {@code path}, or its nearest existing ancestor when it is absent, last changed. */
  public long modifiedNearest(String path) {
    for (int length = path.length(); ; length = PathIndex.parentLength(path, length)) {
      Node n = nodes.get(path, length);
      if (n != null) {
        return n.modified;
      }
    }
  }

  /** Writes {@code value} at {@code path}, creating parents; returns every path created or changed. */
  public List<String> write(String path, String value) {
    check(path);
    generation++;
    List<String> changed = new ArrayList<>();
    Node n = ensure(path, changed);
    if (!changed.contains(path)) {
      changed.add(path);
    }
    unindex(path, n.value);
    n.value = value;
    n.modified = generation;
    index(path, value);
    return changed;
  }

  /** Removes {@code path} and everything below it; returns the removed paths, or an empty list if absent. */
  public List<String> remove(String path) {
    check(path);
    Node n = nodes.get(path);
    if (n == null || path.equals("/")) {
      return List.of();
    }
    generation++;
    List<String> removed = new ArrayList<>();
    removeBelow(path, n, removed);
    Node parent = nodes.get(path, PathIndex.parentLength(path, path.length()));
    parent.removeChild(name(path));
    parent.modified = generation;
    return removed;
  }

  /** Domids whose name node holds {@code name}, in domid order. */
  public TreeSet<Integer> domidsNamed(String name) {
    TreeSet<Integer> ids = domidsByName.get(name);
    return ids == null ? new TreeSet<>() : new TreeSet<>(ids);
  }

  /** Sorted child names of {@code path}; empty when it does not exist. */
  public List<String> children(String path) {
    List<String> c = directory(path);
    return c == null ? List.of() : c;
  }

  /** Every guest domain's name and domid, as listed under /local/domain (dom0 and unnamed domains left out). */
  public TreeMap<String, Integer> names() {
    TreeMap<String, Integer> out = new TreeMap<>();
    for (String d : children(DOMAINS)) {
      String name = read(DOMAINS + "/" + d + "/name");
      if (!d.equals("0") && name != null) {
        out.put(name, Integer.parseInt(d));
      }
    }
    return out;
  }

  /** Number of guest domains listed under /local/domain (dom0 excluded). */
  public int domainCount() {
    Node n = nodes.get(DOMAINS);
    if (n == null) {
      return 0;
    }
    return n.children().contains("0") ? n.children().size() - 1 : n.children().size();
  }

  private void removeBelow(String path, Node n, List<String> removed) {
    for (String child : n.children()) {
      String c = path + "/" + child;
      removeBelow(c, nodes.get(c), removed);
    }
    unindex(path, n.value);
    nodes.remove(path);
    removed.add(path);
  }

  private Node ensure(String path, List<String> created) {
    Node n = nodes.get(path);
    if (n != null) {
      return n;
    }
    int parentLength = PathIndex.parentLength(path, path.length());
    Node parent = nodes.get(path, parentLength);
    if (parent == null) {
      parent = ensure(path.substring(0, parentLength), created);
    }
    parent.addChild(name(path));
    parent.modified = generation;
    n = new Node();
    n.modified = generation;
    nodes.put(path, n);
    created.add(path);
    return n;
  }

  private void index(String path, String value) {
    Integer domid = nameNodeDomid(path);
    if (domid != null) {
      domidsByName.computeIfAbsent(value, k -> new TreeSet<>()).add(domid);
    }
  }

  private void unindex(String path, String value) {
    Integer domid = nameNodeDomid(path);
    if (domid != null) {
      TreeSet<Integer> ids = domidsByName.get(value);
      if (ids != null) {
        ids.remove(domid);
        if (ids.isEmpty()) {
          domidsByName.remove(value);
        }
      }
    }
  }

  private static Integer nameNodeDomid(String path) {
    if (!path.startsWith(DOMAINS + "/") || !path.endsWith("/name")) {
      return null;
    }
    String middle = path.substring(DOMAINS.length() + 1, path.length() - "/name".length());
    if (middle.isEmpty() || middle.indexOf('/') >= 0) {
      return null;
    }
    try {
      return Integer.parseInt(middle);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static void check(String path) {
    if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/")) || path.contains("//")) {
      throw new IllegalArgumentException("not a Xenstore path: '" + path + "'");
    }
  }
}
