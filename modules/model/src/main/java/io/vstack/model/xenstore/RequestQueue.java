package io.vstack.model.xenstore;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * xenstored's one server: requests are served one at a time in arrival order, each occupying it for its service
 * time, and the reply leaves when service ends, a message latency (plus the extra round trips a batch stands for)
 * before it reaches the client. A restart takes the server away for its downtime after what is queued. It counts
 * the requests it served by kind ({@code K}: the server's request kinds, given by the server so that the two do not
 * import each other) and charges its service time to the dom0 vCPU xenstored runs on ({@link XenstoredOnDom0}).
 */
final class RequestQueue<K extends Enum<K>> implements Serializable {
  private final long latency;
  private final Class<K> kinds;
  private final long[] ops;
  private final XenstoredOnDom0 dom0;
  private long busyUntil;
  private long busyTotal;

  RequestQueue(long latency, Class<K> kinds, XenstoredOnDom0 dom0) {
    this.latency = latency;
    this.kinds = kinds;
    this.ops = new long[kinds.getEnumConstants().length];
    this.dom0 = dom0;
  }

  /** A server charging nothing to dom0. */
  RequestQueue(long latency, Class<K> kinds) {
    this(latency, kinds, new XenstoredOnDom0(null, 0, latency, null));
  }

  /** Serves a request arriving at {@code now} for {@code service} ns; returns its reply's delay from now. */
  long serve(long now, long service, long extra) {
    long start = Math.max(now, busyUntil);
    busyUntil = start + service;
    busyTotal += service;
    return busyUntil - now + latency + extra;
  }

  /** Serves a request of kind {@code op} arriving now; returns its reply's delay from now. */
  long serve(Context<XenMsg> ctx, K op, long service, long extra) {
    dom0.working(ctx);
    count(op, 1);
    return serve(ctx.now(), service, extra);
  }

  /** Serves a request of one round trip and sends {@code reply} when it is done; returns the reply's delay. */
  long reply(Context<XenMsg> ctx, K op, long service, LpRef<XenMsg> to, XenMsg reply) {
    long delay = serve(ctx, op, service, 0);
    ctx.send(to, delay, reply);
    return delay;
  }

  /** Counts {@code n} more requests of kind {@code op} (the ones a request stands for). */
  void count(K op, long n) {
    ops[op.ordinal()] += n;
  }

  long count(K op) {
    return ops[op.ordinal()];
  }

  /** Requests served by kind, in the kinds' order. */
  Map<String, Long> counts() {
    Map<String, Long> byOp = new LinkedHashMap<>();
    for (K op : kinds.getEnumConstants()) {
      byOp.put(op.name(), ops[op.ordinal()]);
    }
    return byOp;
  }

  /** The server is away for {@code downtime} once it has served what is queued at {@code now}. */
  void pause(long now, long downtime) {
    busyUntil = Math.max(busyUntil, now) + downtime;
  }

  /** The charge period is over: the time served since the last charge runs on xenstored's dom0 vCPU. */
  void chargeDom0(Context<XenMsg> ctx) {
    dom0.charge(busyTotal, ctx);
  }

  /** Time spent serving requests. */
  long busyTotal() {
    return busyTotal;
  }
}
