package io.vstack.model.lock;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.XenMsg;
import java.io.Serializable;
import java.util.ArrayDeque;
import org.HdrHistogram.Histogram;

/**
 * A mutual-exclusion lock with FIFO grants: the xl global lock, the hypervisor's domctl_lock or heap_lock. It
 * records how long each acquisition waited, measured at the lock.
 */
public final class Lock implements Component {

  public sealed interface Command extends XenMsg permits Acquire, Release, Withdraw {
  }

  /** Asks for the lock; {@code onGranted} is sent to {@code requester} once it holds it. */
  public record Acquire(LpRef<XenMsg> requester, XenMsg onGranted) implements Command {
  }

  /** Gives the lock back; only its holder may. */
  public record Release(LpRef<XenMsg> holder) implements Command {
  }

  /**
   * {@code requester} is gone (its process was killed): its waiting request leaves the queue and, if it holds the
   * lock, the lock is released, as the kernel does with a dead process's file locks.
   */
  public record Withdraw(LpRef<XenMsg> requester) implements Command {
  }

  private record Waiting(Acquire request, long since) implements Serializable {
  }

  private final String name;
  private final long latency;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /**
   * Only its arithmetic is used, never recorded into: the longest wait is reported as HdrHistogram's maximum at 3
   * significant digits, as when every lock kept a histogram of its waits (about 100 KiB each, for one figure).
   */
  private static final Histogram PRECISION = new Histogram(3);
  private int holder = -1;
  private long acquisitions;
  private long totalWait;
  private long maxWait;

  public Lock(String name, long latency) {
    this.name = name;
    this.latency = latency;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Acquire acquire) {
      if (holder < 0) {
        grant(acquire, 0, ctx);
      } else {
        waiting.add(new Waiting(acquire, ctx.now()));
      }
    } else if (message instanceof Release release) {
      if (release.holder().id() != holder) {
        throw new IllegalStateException(name + " released by process " + release.holder().id()
            + " but held by " + holder);
      }
      handOver(ctx);
    } else if (message instanceof Withdraw w) {
      waiting.removeIf(entry -> entry.request().requester().equals(w.requester()));
      if (holder == w.requester().id()) {
        handOver(ctx);
      }
    } else {
      throw new IllegalArgumentException(name + " cannot handle " + message);
    }
  }

  private void handOver(Context<XenMsg> ctx) {
    holder = -1;
    Waiting next = waiting.poll();
    if (next != null) {
      grant(next.request(), ctx.now() - next.since(), ctx);
    }
  }

  private void grant(Acquire acquire, long waited, Context<XenMsg> ctx) {
    holder = acquire.requester().id();
    acquisitions++;
    totalWait += waited;
    maxWait = Math.max(maxWait, waited);
    ctx.send(acquire.requester(), latency, acquire.onGranted());
  }

  /** Final figures: acquisitions and their waits. */
  public record Report(String name, boolean free, long acquisitions, long totalWait, long maxWait)
      implements FinalReport {
  }

  public Report report() {
    return new Report(name, free(), acquisitions, totalWait, maxWait());
  }

  public String name() {
    return name;
  }

  public boolean free() {
    return holder < 0 && waiting.isEmpty();
  }

  public long acquisitions() {
    return acquisitions;
  }

  public long totalWait() {
    return totalWait;
  }

  /** The longest wait, rounded up to the highest value HdrHistogram treats as equal at 3 significant digits. */
  public long maxWait() {
    return maxWait == 0 ? 0 : PRECISION.highestEquivalentValue(maxWait);
  }
}
