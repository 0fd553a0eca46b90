package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.domain.Domain;
import io.vstack.model.toolstack.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain of messages that determined when a guest started running. Walking back from the guest's
 * {@code Domain.GuestRunning}, each message's cause is the latest message its sender had received when it sent
 * it (a lock grant's cause is therefore the release that freed the lock, and the chain continues in the
 * releasing worker). The walk stops at the guest's own {@code xl create} request. Each link's time is split into
 * the time its sender held on to the cause (queueing, service, a lock held) and the message's flight.
 */
public record CriticalPath(int guest, long startNs, long endNs, List<Link> links) {

  /** One message of the path: what it was and how much of the total it accounts for. */
  public record Link(TraceRecord record, String from, String to, long heldNs, long flightNs, double share) {
  }

  public static CriticalPath of(TraceFile trace, int guest) {
    List<TraceRecord> records = trace.records();
    Layout layout = trace.layout();
    List<List<Integer>> byReceiver = new ArrayList<>();
    for (int id = 0; id < layout.lpCount(); id++) {
      byReceiver.add(new ArrayList<>());
    }
    int end = -1;
    int start = -1;
    for (int i = 0; i < records.size(); i++) {
      TraceRecord r = records.get(i);
      byReceiver.get(r.to()).add(i);
      if (r.is(Domain.GuestRunning.class) && r.number("guest") == guest) {
        end = i;
      }
      if (start < 0 && r.is(Worker.Start.class) && r.number("guest") == guest
          && "create".equals(r.fields().get("op"))) {
        start = i;
      }
    }
    if (end < 0 || start < 0) {
      throw new IllegalArgumentException("guest " + guest + " has no recorded creation and boot in this trace "
          + "(was it filtered out, or did its creation fail?)");
    }
    long startNs = records.get(start).sent();
    List<TraceRecord> chain = new ArrayList<>();
    int current = end;
    while (current >= 0) {
      TraceRecord r = records.get(current);
      chain.add(r);
      if (current == start) {
        break;
      }
      current = cause(records, byReceiver.get(r.from()), r, current);
      if (current >= 0 && records.get(current).time() < startNs) {
        current = -1;
      }
    }
    Collections.reverse(chain);
    long endNs = records.get(end).time();
    double total = Math.max(1, endNs - startNs);
    List<Link> links = new ArrayList<>();
    long previous = startNs;
    for (TraceRecord r : chain) {
      long held = Math.max(0, r.sent() - previous);
      long flight = r.time() - r.sent();
      links.add(new Link(r, name(layout, r.from()), name(layout, r.to()), held, flight, (held + flight) / total));
      previous = r.time();
    }
    return new CriticalPath(guest, startNs, endNs, links);
  }

  /** Index of the latest record delivered to the sender of {@code r} at or before it was sent; -1 if none. */
  private static int cause(List<TraceRecord> records, List<Integer> toSender, TraceRecord r, int index) {
    int lo = 0;
    int hi = toSender.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int candidate = toSender.get(mid);
      if (records.get(candidate).time() <= r.sent() && candidate < index) {
        found = candidate;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The guest with the longest time from its create request to running; -1 if none ran. */
  public static int slowestGuest(TraceFile trace) {
    Map<Long, Long> requested = new HashMap<>();
    int slowest = -1;
    long worst = -1;
    for (TraceRecord r : trace.records()) {
      if (r.is(Worker.Start.class) && "create".equals(r.fields().get("op"))) {
        requested.putIfAbsent(r.number("guest"), r.sent());
      } else if (r.is(Domain.GuestRunning.class)) {
        Long since = requested.get(r.number("guest"));
        if (since != null && r.time() - since > worst) {
          worst = r.time() - since;
          slowest = (int) r.number("guest");
        }
      }
    }
    return slowest;
  }

  static String name(Layout layout, int id) {
    Layout.Kind kind = layout.kindOf(id);
    return switch (kind) {
      case node, pcpu, shard, worker, domain -> kind.name() + "-" + layout.indexOf(id);
      default -> kind.name();
    };
  }
}
