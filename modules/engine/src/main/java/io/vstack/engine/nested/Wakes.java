package io.vstack.engine.nested;

import io.vstack.engine.Context;
import java.io.Serializable;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * When the process that encloses a {@link Nest} must run it next: a {@link Wake} self-event at the nest's next
 * event time, scheduled only when no earlier wake is pending (that one plans again when it fires), so the enclosing
 * process handles about one event per distinct time of its nest's events. A wake whose time has been dealt with
 * already does nothing but plan.
 */
public final class Wakes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The enclosing process's self-event: run the nest through {@code at}. */
  public record Wake(long at) implements Serializable {
  }

  private final TreeSet<Long> pending = new TreeSet<>();

  /** Runs {@code nest} through now (a wake, or a message that injected events at now), then plans the next wake. */
  public void run(Nest nest, Context<? super Wake> ctx) {
    run(nest, ctx, 0, time -> { });
  }

  /**
   * Runs {@code nest} one event time after another through {@code ahead} past now, telling {@code afterEach} each
   * time it ran, then plans the next wake. Running ahead of the enclosing process's clock is safe only if nothing it
   * injects later lands that early: an enclosing process that runs ahead by {@code ahead} injects what it receives
   * at least {@code ahead + 1} after it arrives. One wake then serves every event of the nest within the lookahead.
   */
  public void run(Nest nest, Context<? super Wake> ctx, long ahead, LongConsumer afterEach) {
    long limit = ctx.now() + ahead;
    pending.headSet(limit, true).clear();
    while (nest.nextTime() <= limit) {
      long time = nest.nextTime();
      nest.runThrough(time);
      afterEach.accept(time);
    }
    plan(nest, ctx);
  }

  /** Schedules a wake at {@code nest}'s next event time unless one at or before it is pending. */
  public void plan(Nest nest, Context<? super Wake> ctx) {
    long next = nest.nextTime();
    if (next == Long.MAX_VALUE || (!pending.isEmpty() && pending.first() <= next)) {
      return;
    }
    pending.add(next);
    ctx.schedule(next - ctx.now(), new Wake(next));
  }
}
