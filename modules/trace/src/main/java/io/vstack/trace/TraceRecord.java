package io.vstack.trace;

import io.vstack.model.MessageFields;
import java.util.Map;

/**
 * One delivered message.
 *
 * @param time   virtual time it was delivered (ns)
 * @param sent   virtual time it was sent (ns)
 * @param from   sender's process id
 * @param to     receiver's process id
 * @param type   message type, {@code Component.Message}
 * @param guest  the guest (VM number) it concerns, -1 when none
 * @param fields key fields: work kind and duration, pages, Xenstore path, domid, ...
 */
public record TraceRecord(long time, long sent, int from, int to, String type, int guest,
    Map<String, Object> fields) {

  /** A delivered message as recorded, before it is attributed to a guest. */
  static TraceRecord delivered(long time, long sent, int from, int to, Object message) {
    return new TraceRecord(time, sent, from, to, MessageFields.type(message), -1, MessageFields.of(message));
  }

  /** Whether this is a message of class {@code messageType} (trace analysis names types, never strings). */
  public boolean is(Class<?> messageType) {
    return type.equals(MessageFields.type(messageType));
  }

  public long number(String field) {
    Object v = fields.get(field);
    return v instanceof Number n ? n.longValue() : -1;
  }
}
