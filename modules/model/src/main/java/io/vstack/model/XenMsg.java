package io.vstack.model;

import java.io.Serializable;

/**
 * Every message of the Xen model. Each component declares the commands it accepts as a sealed interface of
 * records extending this one, next to its class; replies that several components receive (a finished CPU work
 * item, a granted lock, a Xenstore answer) are records of the serving component's protocol. Messages are
 * {@link Serializable} because checkpoints save pending events (between JVMs Akka's wire format is Jackson).
 */
public interface XenMsg extends Serializable {
}
