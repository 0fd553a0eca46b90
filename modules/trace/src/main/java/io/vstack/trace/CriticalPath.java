package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.domain.Domain;
import io.vstack.model.toolstack.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chain of messages that determined when a guest started running. Walking back from the guest's
 * {@code Domain.GuestRunning}, each message's cause is the latest message its sender had received when it sent
 * it (a lock grant's cause is therefore the release that freed the lock, and the chain continues in the
 * releasing worker). The walk stops at the guest's own {@code xl create} request.
 *
 * <p>Each link covers the time from the previous link's delivery to its own, split by what that time was spent on.
 * Waits come first: while a process on the path waited for a lock (from its {@code Acquire} reaching the lock to
 * the grant) or a work item on the path queued behind others on its pCPU, the links that fill that time — the
 * holder's or the earlier items' — count as that wait. The rest is pCPU work (a work item running), a Xenstore
 * request (xenstored's queue and service and the reply's flight), time a component held a message before sending
 * the next one, and message latency.
 */
public record CriticalPath(int guest, long startNs, long endNs, List<Link> links) {

  /** A stretch of the path's time: what it was spent on ({@code what}) and for how long. */
  public record Part(String what, long ns) {
  }

  /** One message of the path, the time it accounts for split into parts, and its share of the total. */
  public record Link(TraceRecord record, String from, String to, List<Part> parts, double share) {
    public long ns() {
      return parts.stream().mapToLong(Part::ns).sum();
    }

    /** Time of this link spent waiting (for a lock or a pCPU). */
    public long waitNs() {
      return parts.stream().filter(p -> p.what().startsWith(WAIT) || p.what().startsWith(QUEUED))
          .mapToLong(Part::ns).sum();
    }

    /** Time of this link spent in pCPU work or a Xenstore request. */
    public long workNs() {
      return parts.stream().filter(p -> p.what().startsWith(WORK) || p.what().equals(XENSTORE))
          .mapToLong(Part::ns).sum();
    }

    /** Time of this link spent in flight or held by its sender. */
    public long latencyNs() {
      return ns() - waitNs() - workNs();
    }
  }

  /** Consecutive links between the same two components, taken together. */
  public record Group(String between, int messages, long firstNs, long lastNs, long waitNs, long workNs,
      long latencyNs, double share) {
  }

  static final String WAIT = "waiting for ";
  static final String QUEUED = "queued for a pCPU";
  static final String WORK = "pCPU work: ";
  static final String XENSTORE = "Xenstore request (queue, service, reply)";
  static final String LATENCY = "message latency";

  private record Interval(String what, long startNs, long endNs) {
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
    List<Integer> chain = new ArrayList<>();
    int current = end;
    while (current >= 0) {
      chain.add(current);
      if (current == start) {
        break;
      }
      TraceRecord r = records.get(current);
      current = cause(records, byReceiver.get(r.from()), r, current);
      if (current >= 0 && records.get(current).time() < startNs) {
        current = -1;
      }
    }
    Collections.reverse(chain);
    PcpuWork work = PcpuWork.of(trace);
    List<Interval> waits = waits(trace, work, chain);
    long endNs = records.get(end).time();
    double total = Math.max(1, endNs - startNs);
    List<Link> links = new ArrayList<>();
    long previous = startNs;
    for (int index : chain) {
      TraceRecord r = records.get(index);
      List<Part> parts = parts(layout, r, work.byFinish().get(index), waits, previous);
      long ns = parts.stream().mapToLong(Part::ns).sum();
      links.add(new Link(r, name(layout, r.from()), name(layout, r.to()), parts, ns / total));
      previous = r.time();
    }
    return new CriticalPath(guest, startNs, endNs, links);
  }

  /**
   * What the time from {@code previous} to {@code r}'s delivery was spent on: the path's waits first, then the work
   * item {@code r} finishes ({@code item}, null if none), a Xenstore request, or the sender holding the message and
   * its flight.
   */
  private static List<Part> parts(Layout layout, TraceRecord r, PcpuWork.Item item, List<Interval> waits,
      long previous) {
    List<Part> parts = new ArrayList<>();
    for (long[] piece : waitParts(waits, Math.min(previous, r.time()), r.time(), parts)) {
      if (item != null) {
        add(parts, WORK + item.work(), piece[1] - piece[0]);
      } else if (layout.kindOf(r.from()) == Layout.Kind.shard) {
        add(parts, XENSTORE, piece[1] - piece[0]);
      } else {
        add(parts, "in " + layout.kindOf(r.from()).name(), Math.max(0, Math.min(piece[1], r.sent()) - piece[0]));
        add(parts, LATENCY, piece[1] - Math.max(piece[0], r.sent()));
      }
    }
    return parts;
  }

  /**
   * The waits of the path: each lock grant on it and the lock wait it ended; each pCPU item finishing on it and
   * the time it queued. Longest first, locks before pCPU queues, so an outer wait claims the time before the waits
   * nested in it.
   */
  private static List<Interval> waits(TraceFile trace, PcpuWork work, List<Integer> chain) {
    Map<Integer, LockSpans.Span> byGrant = new HashMap<>();
    for (LockSpans.Span s : LockSpans.of(trace).spans()) {
      if (s.waiting()) {
        byGrant.put(s.grant(), s);
      }
    }
    List<Interval> locks = new ArrayList<>();
    List<Interval> queues = new ArrayList<>();
    for (int index : chain) {
      LockSpans.Span lock = byGrant.get(index);
      if (lock != null && lock.endNs() > lock.startNs()) {
        locks.add(new Interval(WAIT + lock.lock(), lock.startNs(), lock.endNs()));
      }
      PcpuWork.Item item = work.byFinish().get(index);
      if (item != null && item.startNs() > item.arrivedNs()) {
        queues.add(new Interval(QUEUED, item.arrivedNs(), item.startNs()));
      }
    }
    Comparator<Interval> longestFirst = Comparator.comparingLong(i -> i.startNs() - i.endNs());
    locks.sort(longestFirst);
    queues.sort(longestFirst);
    locks.addAll(queues);
    return locks;
  }

  /** Adds to {@code parts} the pieces of [from, to) inside {@code waits}; returns the pieces outside them. */
  private static List<long[]> waitParts(List<Interval> waits, long from, long to, List<Part> parts) {
    List<long[]> rest = new ArrayList<>();
    rest.add(new long[] {from, to});
    for (Interval w : waits) {
      List<long[]> next = new ArrayList<>();
      for (long[] piece : rest) {
        long lo = Math.max(piece[0], w.startNs());
        long hi = Math.min(piece[1], w.endNs());
        if (hi <= lo) {
          next.add(piece);
          continue;
        }
        add(parts, w.what(), hi - lo);
        if (lo > piece[0]) {
          next.add(new long[] {piece[0], lo});
        }
        if (piece[1] > hi) {
          next.add(new long[] {hi, piece[1]});
        }
      }
      rest = next;
    }
    return rest;
  }

  private static void add(List<Part> parts, String what, long ns) {
    if (ns > 0) {
      parts.add(new Part(what, ns));
    }
  }

  /** Where the path's time went, largest first, summed over its links. */
  public List<Part> contributors() {
    Map<String, Long> byWhat = new LinkedHashMap<>();
    for (Link l : links) {
      for (Part p : l.parts()) {
        byWhat.merge(p.what(), p.ns(), Long::sum);
      }
    }
    List<Part> parts = new ArrayList<>();
    byWhat.forEach((what, ns) -> parts.add(new Part(what, ns)));
    parts.sort(Comparator.comparingLong(Part::ns).reversed().thenComparing(Part::what));
    return parts;
  }

  /** The time the path spent in parts named {@code what}. */
  public long ns(String what) {
    return contributors().stream().filter(p -> p.what().equals(what)).mapToLong(Part::ns).sum();
  }

  /** The links taken together wherever consecutive ones pass between the same two components. */
  public List<Group> groups() {
    List<Group> groups = new ArrayList<>();
    int i = 0;
    while (i < links.size()) {
      Set<String> between = new LinkedHashSet<>();
      int j = i;
      long wait = 0;
      long work = 0;
      long latency = 0;
      double share = 0;
      while (j < links.size() && joins(between, links.get(j))) {
        Link l = links.get(j);
        between.add(l.from());
        between.add(l.to());
        wait += l.waitNs();
        work += l.workNs();
        latency += l.latencyNs();
        share += l.share();
        j++;
      }
      groups.add(new Group(String.join(" <-> ", between), j - i, links.get(i).record().time(),
          links.get(j - 1).record().time(), wait, work, latency, share));
      i = j;
    }
    return groups;
  }

  private static boolean joins(Set<String> between, Link l) {
    Set<String> with = new LinkedHashSet<>(between);
    with.add(l.from());
    with.add(l.to());
    return with.size() <= 2;
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
