package io.vstack.model;

import java.util.Map;

/**
 * How a model message appears in a message trace: its type name ({@code Component.Message}) and its key fields,
 * which each message gives itself ({@link XenMsg#traceFields()}).
 */
public final class MessageFields {
  private MessageFields() {
  }

  private static final ClassValue<String> TYPES = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> c) {
      return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "."
          + c.getSimpleName();
    }
  };

  /** {@code Outer.Inner} for a nested record, else the simple class name. */
  public static String type(Object message) {
    return TYPES.get(message.getClass());
  }

  /** The trace type name of messages of class {@code type}: {@code Outer.Inner} for a nested record. */
  public static String type(Class<?> type) {
    return TYPES.get(type);
  }

  /** {@code message}'s trace fields: a model message describes itself, anything else has none. */
  public static Map<String, Object> of(Object message) {
    return message instanceof XenMsg m ? m.traceFields() : TraceFields.of();
  }
}
