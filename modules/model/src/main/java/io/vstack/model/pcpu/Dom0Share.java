package io.vstack.model.pcpu;

import java.io.Serializable;

/**
 * The share of a dom0 vCPU that running guests keep using (their qemu, console and backends): a demand in ns of CPU
 * per second of virtual time, changed as guests start and stop running. dom0's scheduler time-slices that work in
 * between everything else on the vCPU, so a work item of d ns needs {@code d / (1 - share)} ns of wall time there;
 * the model stretches each FIFO item by that factor instead of queueing the background work as items of its own,
 * which would keep an idle host's run going for ever. The share is capped at {@link #MAX_SHARE}: past it dom0 is
 * saturated, and the model keeps its items finite instead of starving them (a model bound, not a Xen figure).
 */
final class Dom0Share implements Serializable {
  static final double MAX_SHARE = 0.95;
  private static final double SECOND = 1e9;

  private long perSecond;
  private long since;
  private double used;

  /** At {@code now}, running guests' demand changes by {@code delta} ns per second. */
  void change(long now, long delta) {
    used += perSecond * (double) (now - since) / SECOND;
    since = now;
    perSecond += delta;
    if (perSecond < 0) {
      throw new IllegalStateException("dom0 background demand below zero: " + perSecond);
    }
  }

  /** How long a work item of {@code duration} ns takes with the background work time-sliced in. */
  long stretch(long duration) {
    if (perSecond == 0) {
      return duration;
    }
    double share = Math.min(MAX_SHARE, perSecond / SECOND);
    return Math.round(duration / (1 - share));
  }

  /** CPU time the background work has used up to {@code now}, ns. */
  long usedUntil(long now) {
    return Math.round(used + perSecond * (double) (Math.max(now, since) - since) / SECOND);
  }

  long perSecond() {
    return perSecond;
  }
}
