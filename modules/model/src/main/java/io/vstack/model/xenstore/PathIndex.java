package io.vstack.model.xenstore;

import java.io.Serializable;

/**
 * Values by Xenstore path in an open-addressing table that also answers for a prefix of a longer path, so walking a
 * node's ancestors, as every watch check and transaction conflict check does, cuts no substrings (in a fleet run
 * those substrings were a fifth of all the bytes allocated). It is only looked up, never iterated, so its layout
 * cannot reach results.
 */
final class PathIndex<V> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int INITIAL = 16;

  private String[] keys = new String[INITIAL];
  private int[] hashes = new int[INITIAL];
  private Object[] values = new Object[INITIAL];
  private int size;

  int size() {
    return size;
  }

  V get(String path) {
    return get(path, path.length());
  }

  /** The value of the path made of {@code path}'s first {@code length} characters. */
  @SuppressWarnings("unchecked")
  V get(String path, int length) {
    int hash = hash(path, length);
    int mask = keys.length - 1;
    for (int i = slot(hash, mask); keys[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == hash && keys[i].length() == length && path.startsWith(keys[i])) {
        return (V) values[i];
      }
    }
    return null;
  }

  /** Maps {@code path} to {@code value}; returns the value it replaced, or null. */
  @SuppressWarnings("unchecked")
  V put(String path, V value) {
    int i = slotOf(path);
    if (keys[i] != null) {
      V old = (V) values[i];
      values[i] = value;
      return old;
    }
    keys[i] = path;
    hashes[i] = path.hashCode();
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return null;
  }

  /** Unmaps {@code path}; returns its value, or null if it had none. */
  @SuppressWarnings("unchecked")
  V remove(String path) {
    int i = slotOf(path);
    if (keys[i] == null) {
      return null;
    }
    V old = (V) values[i];
    size--;
    int mask = keys.length - 1;
    // backward-shift deletion: move later entries of the probe run into the hole unless their home slot lies
    // cyclically after the hole, so lookups never stop early at an emptied slot
    for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
      int home = slot(hashes[j], mask);
      boolean staysPut = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!staysPut) {
        keys[i] = keys[j];
        hashes[i] = hashes[j];
        values[i] = values[j];
        i = j;
      }
    }
    keys[i] = null;
    values[i] = null;
    return old;
  }

  /** The slot holding {@code path}, or the empty slot where its probe run ends. */
  private int slotOf(String path) {
    int hash = path.hashCode();
    int mask = keys.length - 1;
    int i = slot(hash, mask);
    while (keys[i] != null && !(hashes[i] == hash && keys[i].equals(path))) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Length of the parent of the path made of {@code path}'s first {@code length} characters ("/" for a top node). */
  static int parentLength(String path, int length) {
    int slash = path.lastIndexOf('/', length - 1);
    return slash <= 0 ? 1 : slash;
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    keys = new String[oldKeys.length * 2];
    hashes = new int[keys.length];
    values = new Object[keys.length];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = slot(oldHashes[j], mask);
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        hashes[i] = oldHashes[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** {@link String#hashCode} of {@code path}'s first {@code length} characters. */
  private static int hash(String path, int length) {
    if (length == path.length()) {
      return path.hashCode();
    }
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + path.charAt(i);
    }
    return h;
  }

  private static int slot(int hash, int mask) {
    return (hash ^ (hash >>> 16)) & mask;
  }
}
