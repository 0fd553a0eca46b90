package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.lock.Lock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every wait for a lock and every time a lock was held, rebuilt from a trace: a wait runs from the requester's
 * {@code Lock.Acquire} reaching the lock until the lock sends the grant (any message from a lock to a process is a
 * grant); the hold runs from the grant until the holder's {@code Release} (or {@code Withdraw}) reaches the lock.
 */
public record LockSpans(List<Span> spans) {

  /**
   * A wait ({@code waiting}) or a hold of {@code lock} (its name) by process {@code process}; {@code grant} is the
   * trace index of the grant that ended a wait (-1 for a hold).
   */
  public record Span(String lock, int lockId, int process, int guest, boolean waiting, long startNs, long endNs,
      int grant) {
  }

  public static boolean isLock(Layout.Kind kind) {
    return kind == Layout.Kind.xl_lock || kind == Layout.Kind.domctl_lock || kind == Layout.Kind.heap_lock;
  }

  public static LockSpans of(TraceFile trace) {
    Layout layout = trace.layout();
    Map<Long, TraceRecord> waiting = new HashMap<>();
    Map<Long, TraceRecord> holding = new HashMap<>();
    List<Span> spans = new ArrayList<>();
    List<TraceRecord> records = trace.records();
    for (int i = 0; i < records.size(); i++) {
      TraceRecord r = records.get(i);
      Layout.Kind to = layout.kindOf(r.to());
      Layout.Kind from = layout.kindOf(r.from());
      if (isLock(to) && r.is(Lock.Acquire.class)) {
        waiting.put(pair(r.to(), r.from()), r);
      } else if (isLock(to) && (r.is(Lock.Release.class) || r.is(Lock.Withdraw.class))) {
        TraceRecord grant = holding.remove(pair(r.to(), r.from()));
        if (grant != null) {
          spans.add(new Span(to.name(), r.to(), r.from(), grant.guest(), false, grant.sent(), r.time(), -1));
        }
        waiting.remove(pair(r.to(), r.from()));
      } else if (isLock(from)) {
        TraceRecord acquire = waiting.remove(pair(r.from(), r.to()));
        if (acquire != null) {
          spans.add(new Span(from.name(), r.from(), r.to(), acquire.guest(), true, acquire.time(), r.sent(), i));
        }
        holding.put(pair(r.from(), r.to()), r);
      }
    }
    return new LockSpans(spans);
  }

  private static long pair(int lock, int process) {
    return ((long) lock << 32) | process;
  }
}
