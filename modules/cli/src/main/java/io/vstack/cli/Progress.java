package io.vstack.cli;

import io.vstack.engine.DeliveryListener;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reports a long run's progress on stderr: at most every two seconds of wall time, the events delivered so far and
 * the furthest virtual time reached. Short runs print nothing. It observes the run and never feeds back into it.
 */
final class Progress implements DeliveryListener {
  private static final long EVERY_NANOS = 2_000_000_000L;

  private final PrintWriter err;
  private final String label;
  private final LongAdder events = new LongAdder();
  private final AtomicLong lastReport = new AtomicLong(System.nanoTime());
  private volatile long virtualNow;

  Progress(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  @Override
  public void onDeliver(long time, long sent, int sender, int receiver, Object message) {
    events.increment();
    if (time > virtualNow) {
      virtualNow = time;
    }
    long last = lastReport.get();
    long now = System.nanoTime();
    if (now - last > EVERY_NANOS && lastReport.compareAndSet(last, now)) {
      err.printf("vstack: %s: %,d events, virtual time %.3f s%n", label, events.sum(), virtualNow / 1e9);
      err.flush();
    }
  }
}
