package io.vstack.model;

import java.io.Serializable;
import java.util.Map;

/**
 * Every message of the Xen model. Each component declares the commands it accepts as a sealed interface of
 * records extending this one, next to its class; replies that several components receive (a finished CPU work
 * item, a granted lock, a Xenstore answer) are records of the serving component's protocol. Messages are
 * {@link Serializable} because checkpoints save pending events (between JVMs Akka's wire format is Jackson).
 * Each message describes itself in a message trace: a new message needs no change anywhere else.
 */
public interface XenMsg extends Serializable {

  /** This message's key fields as a message trace shows them (work, pages, path, domid, guest...), in a fixed order. */
  default Map<String, Object> traceFields() {
    return TraceFields.of();
  }

  /** A message about one domain, traced by its domid. */
  interface AboutDomain extends XenMsg {
    int domid();

    @Override
    default Map<String, Object> traceFields() {
      return TraceFields.of("domid", domid());
    }
  }

  /** A message about a number of memory pages, traced by that number. */
  interface AboutPages extends XenMsg {
    long pages();

    @Override
    default Map<String, Object> traceFields() {
      return TraceFields.of("pages", pages());
    }
  }
}
