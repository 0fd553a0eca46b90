package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.IdleScrub;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.results.Stats;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a trace says in aggregate: messages per type and per receiving component kind, each pCPU's busy time
 * and utilization, lock waits (from a lock's receipt of an acquire to its grant), Xenstore requests by type,
 * the cache's hits and misses, and scrubbed pages local vs. remote.
 */
public record TraceSummary(long records, long endNs, Map<String, Long> byType, Map<String, Long> byKind,
    List<Utilization> busiest, double meanPcpuUtilization, Map<String, Stats> lockWaits,
    Map<String, Long> xenstoreRequests, long cacheHits, long cacheMisses, long scrubbedLocalPages,
    long scrubbedRemotePages) {

  /** One component's busy time over the trace. */
  public record Utilization(String actor, long busyNs, double utilization) {
  }

  private static final String[] LOCKS = {"xl_lock", "domctl_lock", "heap_lock"};

  public static TraceSummary of(TraceFile trace) {
    Layout layout = trace.layout();
    Map<String, Long> byType = new TreeMap<>();
    Map<String, Long> byKind = new TreeMap<>();
    long[] busy = new long[layout.pcpus()];
    Map<String, List<Long>> waits = new LinkedHashMap<>();
    Map<String, Long> xenstore = new TreeMap<>();
    long hits = 0;
    long misses = 0;
    boolean cacheFilled = false;
    long local = 0;
    long remote = 0;
    // An allocation that takes dirty pages scrubs what it is granted, on its own CPU (idle scrubbing).
    Map<Long, Boolean> dirtyAllocations = new HashMap<>();
    long end = 0;
    for (String lock : LOCKS) {
      waits.put(lock, new ArrayList<>());
    }
    for (TraceRecord r : trace.records()) {
      end = Math.max(end, r.time());
      byType.merge(r.type(), 1L, Long::sum);
      Layout.Kind to = layout.kindOf(r.to());
      Layout.Kind from = layout.kindOf(r.from());
      byKind.merge(to.name(), 1L, Long::sum);
      if (to == Layout.Kind.pcpu && r.is(Pcpu.Run.class)) {
        busy[layout.indexOf(r.to())] += r.number("duration");
      }
      if (to == Layout.Kind.shard && r.type().startsWith("XenstoreShard.")) {
        xenstore.merge(r.type().substring("XenstoreShard.".length()), 1L, Long::sum);
      }
      if (to == Layout.Kind.cache && r.is(XenstoreShard.Names.class)) {
        cacheFilled = true;
      } else if (to == Layout.Kind.cache && r.is(XenstoreCache.Lookup.class)) {
        if (cacheFilled) {
          hits++;
        } else {
          misses++;
        }
      }
      if (to == Layout.Kind.node && r.is(NumaNode.Scrubbed.class)) {
        if (Boolean.TRUE.equals(r.fields().get("remote"))) {
          remote += r.number("pages");
        } else {
          local += r.number("pages");
        }
      } else if (to == Layout.Kind.node && (r.is(NumaNode.BatchDone.class)
          || r.is(IdleScrub.ChunkScrubbed.class))) {
        local += r.number("pages");
      } else if (to == Layout.Kind.node && r.is(NumaNode.AllocateDirty.class)) {
        dirtyAllocations.put(pair(r.to(), r.from()), Boolean.TRUE.equals(r.fields().get("remote")));
      } else if (from == Layout.Kind.node && r.is(NumaNode.Allocated.class)) {
        Boolean remoteScrub = dirtyAllocations.remove(pair(r.from(), r.to()));
        if (remoteScrub != null && remoteScrub) {
          remote += r.number("pages");
        } else if (remoteScrub != null) {
          local += r.number("pages");
        }
      }
    }
    for (LockSpans.Span span : LockSpans.of(trace).spans()) {
      if (span.waiting()) {
        waits.get(span.lock()).add(span.endNs() - span.startNs());
      }
    }
    List<Utilization> pcpus = new ArrayList<>();
    double total = 0;
    for (int p = 0; p < busy.length; p++) {
      double u = end == 0 ? 0 : (double) busy[p] / end;
      total += u;
      pcpus.add(new Utilization("pcpu-" + p, busy[p], u));
    }
    pcpus.sort((a, b) -> a.busyNs() != b.busyNs() ? Long.compare(b.busyNs(), a.busyNs())
        : a.actor().compareTo(b.actor()));
    Map<String, Stats> lockWaits = new LinkedHashMap<>();
    waits.forEach((lock, list) -> lockWaits.put(lock, Stats.ofNanos(list.stream().mapToLong(Long::longValue)
        .toArray())));
    return new TraceSummary(trace.records().size(), end, byType, byKind, pcpus.subList(0, Math.min(8,
        pcpus.size())), busy.length == 0 ? 0 : total / busy.length, lockWaits, xenstore, hits, misses, local, remote);
  }

  private static long pair(int lock, int requester) {
    return ((long) lock << 32) | requester;
  }
}
