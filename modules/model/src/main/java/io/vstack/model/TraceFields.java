package io.vstack.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a message's trace fields in the order given, so every trace lists them the same way. */
public final class TraceFields {
  private TraceFields() {
  }

  /** {@code key1, value1, key2, value2, ...} as an insertion-ordered map. */
  public static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }
}
