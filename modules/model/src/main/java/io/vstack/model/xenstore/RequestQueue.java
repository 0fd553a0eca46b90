package io.vstack.model.xenstore;

import java.io.Serializable;

/**
 * xenstored's one server: requests are served one at a time in arrival order, each occupying it for its service
 * time, and the reply leaves when service ends, a message latency (plus the extra round trips a batch stands for)
 * before it reaches the client. A restart takes the server away for its downtime after what is queued.
 */
final class RequestQueue implements Serializable {
  private final long latency;
  private long busyUntil;
  private long busyTotal;

  RequestQueue(long latency) {
    this.latency = latency;
  }

  /** Serves a request arriving at {@code now} for {@code service} ns; returns its reply's delay from now. */
  long serve(long now, long service, long extra) {
    long start = Math.max(now, busyUntil);
    busyUntil = start + service;
    busyTotal += service;
    return busyUntil - now + latency + extra;
  }

  /** The server is away for {@code downtime} once it has served what is queued at {@code now}. */
  void pause(long now, long downtime) {
    busyUntil = Math.max(busyUntil, now) + downtime;
  }

  /** Time spent serving requests. */
  long busyTotal() {
    return busyTotal;
  }
}
