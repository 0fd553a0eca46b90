package io.vstack.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vstack.model.Layout;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.IdleScrub;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a trace as Chrome Trace Event JSON (the legacy JSON format ui.perfetto.dev and chrome://tracing open),
 * written with Jackson's generator. One process per component kind and one thread (track) per component:
 * <ul>
 *   <li>pCPU tracks: each work item as a complete ({@code X}) slice from when it started to when it finished; each
 *   pCPU's hypercall lane on a track of its own;</li>
 *   <li>worker tracks: each operation ({@code create vm-3}) with its xl / xenopsd phases nested in it, and guest
 *   tracks (the domain's track): the guest's whole life, waiting for a worker, the operations and their phases, the
 *   kernel boot (both from the run's {@code lifecycle.csv}; without it there are no phase slices);</li>
 *   <li>lock tracks: who held the lock when; each wait for it as an async slice in the lock's process (waits
 *   overlap, so they cannot share one track);</li>
 *   <li>shard tracks: each Xenstore request served, one after another as xenstored serves them;</li>
 *   <li>counters: busy pCPUs, pages allocated to guests and dirty pages per node (counted from zero at the trace's
 *   start: the trace does not carry a node's size, so free memory is drawn only where a {@code NodeMemory} reply
 *   sampled it), creations waiting for a worker and creations in progress;</li>
 *   <li>every message between two components as an instant on its receiver's track, and a flow from its sender.</li>
 * </ul>
 * Times are in microseconds; events are sorted by time. Events about no guest have no {@code guest} argument.
 */
public final class PerfettoExport {
  private static final JsonFactory JSON = new JsonFactory();

  private PerfettoExport() {
  }

  /** One trace event; {@code id} is a flow's or async slice's id, {@code args} the event's arguments. */
  private record Event(String ph, String name, String cat, long tsNs, long durNs, int pid, int tid, long id,
      Map<String, Object> args) {
  }

  /** The events of one export, and the ids they use. */
  private static final class Events {
    final List<Event> list = new ArrayList<>();
    long nextId = 1;

    void slice(String name, String cat, long start, long end, int pid, int tid, int guest) {
      list.add(new Event("X", name, cat, start, end - start, pid, tid, 0, guestArgs(guest)));
    }

    void async(String name, String cat, long start, long end, int pid, int tid, int guest) {
      long id = nextId++;
      list.add(new Event("b", name, cat, start, 0, pid, tid, id, guestArgs(guest)));
      list.add(new Event("e", name, cat, end, 0, pid, tid, id, Map.of()));
    }

    void counter(String name, long ts, int pid, String series, long value) {
      list.add(new Event("C", name, "counter", ts, 0, pid, 0, 0, Map.of(series, value)));
    }
  }

  public static void write(TraceFile trace, LifecycleTable lifecycle, Path file) {
    Layout layout = trace.layout();
    Events events = new Events();
    pcpuWork(trace, events);
    if (lifecycle != null) {
      GuestPhases phases = GuestPhases.of(lifecycle);
      phases(trace, phases, events);
      creationsWaiting(phases, events);
    }
    locks(trace, events);
    xenstore(trace, events);
    memory(trace, events);
    messages(trace, events);
    events.list.sort(Comparator.comparingLong(Event::tsNs));
    try (JsonGenerator json = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("displayTimeUnit", "ms");
      json.writeArrayFieldStart("traceEvents");
      for (Layout.Kind kind : Layout.Kind.values()) {
        metadata(json, "process_name", pid(kind), -1, kind.name());
      }
      for (int id = 0; id < layout.lpCount(); id++) {
        metadata(json, "thread_name", pid(layout.kindOf(id)), id, CriticalPath.name(layout, id));
      }
      for (int p = 0; p < layout.pcpus(); p++) {
        metadata(json, "thread_name", pid(Layout.Kind.pcpu), hypercallLane(layout, p), "pcpu-" + p + " hypercalls");
      }
      for (Event e : events.list) {
        write(json, e);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  private static void pcpuWork(TraceFile trace, Events events) {
    Layout layout = trace.layout();
    List<long[]> busyChanges = new ArrayList<>();
    for (PcpuWork.Item w : PcpuWork.of(trace).items()) {
      int tid = w.hypercall() ? hypercallLane(layout, w.pcpu()) : layout.pcpu(w.pcpu()).id();
      events.slice(w.work(), "work", w.startNs(), w.endNs(), pid(Layout.Kind.pcpu), tid, w.guest());
      if (!w.hypercall()) {
        busyChanges.add(new long[] {w.startNs(), 1});
        busyChanges.add(new long[] {w.endNs(), -1});
      }
    }
    cumulative(busyChanges, (ts, value) -> events.counter("busy pCPUs", ts, pid(Layout.Kind.pcpu), "busy", value));
  }

  /** Each guest's operations and phases on its worker's track and on the guest's own (domain) track. */
  private static void phases(TraceFile trace, GuestPhases phases, Events events) {
    Layout layout = trace.layout();
    Map<String, Integer> workerOf = new HashMap<>();
    for (TraceRecord r : trace.records()) {
      if (r.is(Worker.Start.class)) {
        workerOf.put(r.fields().get("op") + "/" + r.number("guest"), r.to());
      }
    }
    for (GuestPhases.Guest g : phases.guests()) {
      if (g.guest() >= layout.guests()) {
        continue;
      }
      int guestTrack = layout.domain(g.guest()).id();
      for (GuestPhases.Span s : g.spans()) {
        events.slice(s.name(), "phase", s.startNs(), s.endNs(), pid(Layout.Kind.domain), guestTrack, g.guest());
        Integer worker = workerOf.get(s.op() + "/" + g.guest());
        boolean inOperation = s.depth() > 0 || s.name().equals(s.op());
        if (worker != null && inOperation) {
          String name = s.depth() == 0 ? s.op() + " " + g.name() : s.name();
          events.slice(name, "phase", s.startNs(), s.endNs(), pid(Layout.Kind.worker), worker, g.guest());
        }
      }
    }
  }

  /** Creations requested and not yet handed to a worker, and creations a worker is running. */
  private static void creationsWaiting(GuestPhases phases, Events events) {
    List<long[]> waiting = new ArrayList<>();
    List<long[]> running = new ArrayList<>();
    for (GuestPhases.Guest g : phases.guests()) {
      for (GuestPhases.Span s : g.spans()) {
        if (s.name().equals("create queued")) {
          waiting.add(new long[] {s.startNs(), 1});
          waiting.add(new long[] {s.endNs(), -1});
        } else if (s.name().equals("create")) {
          running.add(new long[] {s.startNs(), 1});
          running.add(new long[] {s.endNs(), -1});
        }
      }
    }
    int pid = pid(Layout.Kind.worker);
    cumulative(waiting, (ts, v) -> events.counter("creations waiting for a worker", ts, pid, "waiting", v));
    cumulative(running, (ts, v) -> events.counter("creations in progress", ts, pid, "running", v));
  }

  private static void locks(TraceFile trace, Events events) {
    Layout layout = trace.layout();
    for (LockSpans.Span s : LockSpans.of(trace).spans()) {
      String who = CriticalPath.name(layout, s.process());
      int pid = pid(layout.kindOf(s.lockId()));
      if (s.waiting()) {
        events.async("wait: " + who, "lock-wait", s.startNs(), s.endNs(), pid, s.lockId(), s.guest());
      } else {
        events.slice("held: " + who, "lock-held", s.startNs(), s.endNs(), pid, s.lockId(), s.guest());
      }
    }
  }

  /**
   * Each request a shard answered, as served: from its arrival, or the end of the one served before, until its
   * reply left less one message latency (the reply of a batch carries extra round trips: its slice is longer).
   */
  private static void xenstore(TraceFile trace, Events events) {
    Layout layout = trace.layout();
    Object latency = trace.header().get("lookaheadNs");
    long messageLatency = latency instanceof Number n ? n.longValue() : 0;
    Map<Long, ArrayDeque<TraceRecord>> pending = new HashMap<>();
    long[] servedUntil = new long[layout.shards()];
    for (TraceRecord r : trace.records()) {
      if (layout.kindOf(r.to()) == Layout.Kind.shard && r.from() != r.to()) {
        pending.computeIfAbsent(pair(r.to(), r.from()), k -> new ArrayDeque<>()).add(r);
      } else if (layout.kindOf(r.from()) == Layout.Kind.shard && r.from() != r.to()
          && !r.is(XenstoreShard.WatchEvent.class)) {
        ArrayDeque<TraceRecord> queue = pending.get(pair(r.from(), r.to()));
        while (queue != null && !queue.isEmpty() && queue.peek().time() < r.sent()) {
          queue.poll();
        }
        TraceRecord request = queue == null ? null : queue.poll();
        if (request != null && request.time() == r.sent()) {
          int shard = layout.indexOf(r.from());
          long start = Math.max(request.time(), servedUntil[shard]);
          long end = Math.max(start, r.time() - messageLatency);
          servedUntil[shard] = end;
          Object path = request.fields().get("path");
          String name = request.type().replace("XenstoreShard.", "") + (path == null ? "" : " " + path);
          events.slice(name, "xenstore", start, end, pid(Layout.Kind.shard), r.from(), r.guest());
        }
      }
    }
  }

  /** Pages allocated to guests and dirty pages per node, and free pages wherever a node reported them. */
  private static void memory(TraceFile trace, Events events) {
    Layout layout = trace.layout();
    long[] allocated = new long[layout.nodes()];
    long[] dirty = new long[layout.nodes()];
    Map<Long, Boolean> dirtyAllocations = new HashMap<>();
    int pid = pid(Layout.Kind.node);
    for (TraceRecord r : trace.records()) {
      boolean toNode = layout.kindOf(r.to()) == Layout.Kind.node;
      boolean fromNode = layout.kindOf(r.from()) == Layout.Kind.node;
      int node = layout.indexOf(toNode ? r.to() : r.from());
      long pages = r.number("pages");
      long allocatedChange = 0;
      long dirtyChange = 0;
      if (fromNode && r.is(NumaNode.Allocated.class)) {
        allocatedChange = pages;
        dirtyChange = dirtyAllocations.remove(pair(r.from(), r.to())) != null ? -pages : 0;
      } else if (fromNode && r.is(NumaNode.NodeMemory.class)) {
        events.counter("node-" + node + " free pages (reported)", r.sent(), pid, "free", r.number("free"));
      } else if (toNode && r.is(NumaNode.AllocateDirty.class)) {
        dirtyAllocations.put(pair(r.to(), r.from()), true);
      } else if (toNode && r.is(NumaNode.Free.class)) {
        allocatedChange = -pages;
      } else if (toNode && (r.is(NumaNode.Release.class) || r.is(NumaNode.ScrubLocally.class)
          || r.is(NumaNode.ReleaseDirty.class))) {
        allocatedChange = -pages;
        dirtyChange = pages;
      } else if (toNode && (r.is(NumaNode.Scrubbed.class) || r.is(NumaNode.BatchDone.class)
          || r.is(IdleScrub.ChunkScrubbed.class))) {
        dirtyChange = -pages;
      }
      if (allocatedChange != 0) {
        allocated[node] += allocatedChange;
        events.counter("node-" + node + " pages allocated to guests", r.time(), pid, "pages", allocated[node]);
      }
      if (dirtyChange != 0) {
        dirty[node] += dirtyChange;
        events.counter("node-" + node + " dirty pages", r.time(), pid, "pages", dirty[node]);
      }
    }
  }

  /**
   * Every message between two components as an instant on its receiver's track (a pCPU's {@code Run} marks when the
   * item arrived: the gap before its slice is its queueing), and a flow from its sender.
   */
  private static void messages(TraceFile trace, Events events) {
    Layout layout = trace.layout();
    for (TraceRecord r : trace.records()) {
      if (r.from() == r.to()) {
        continue;
      }
      int pid = pid(layout.kindOf(r.to()));
      events.list.add(new Event("i", r.type(), "message", r.time(), 0, pid, r.to(), 0, guestArgs(r.guest())));
      long flow = events.nextId++;
      events.list.add(new Event("s", r.type(), "flow", r.sent(), 0, pid(layout.kindOf(r.from())), r.from(), flow,
          Map.of()));
      events.list.add(new Event("f", r.type(), "flow", r.time(), 0, pid, r.to(), flow, Map.of()));
    }
  }

  private interface CounterSink {
    void add(long ts, long value);
  }

  /** Sums +1/-1 changes in time order into a counter, one value per distinct time. */
  private static void cumulative(List<long[]> changes, CounterSink sink) {
    TreeMap<Long, Long> byTime = new TreeMap<>();
    for (long[] c : changes) {
      byTime.merge(c[0], c[1], Long::sum);
    }
    long value = 0;
    for (Map.Entry<Long, Long> e : byTime.entrySet()) {
      value += e.getValue();
      sink.add(e.getKey(), value);
    }
  }

  private static void write(JsonGenerator json, Event e) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", e.name());
    json.writeStringField("cat", e.cat());
    json.writeStringField("ph", e.ph());
    json.writeNumberField("ts", e.tsNs() / 1e3);
    if (e.ph().equals("X")) {
      json.writeNumberField("dur", e.durNs() / 1e3);
    }
    json.writeNumberField("pid", e.pid());
    if (!e.ph().equals("C")) {
      json.writeNumberField("tid", e.tid());
    }
    if (e.id() != 0) {
      json.writeNumberField("id", e.id());
    }
    if (e.ph().equals("i")) {
      json.writeStringField("s", "t");
    } else if (e.ph().equals("f")) {
      json.writeStringField("bp", "e");
    }
    if (!e.args().isEmpty()) {
      json.writeObjectFieldStart("args");
      for (Map.Entry<String, Object> a : e.args().entrySet()) {
        json.writeFieldName(a.getKey());
        json.writeNumber(((Number) a.getValue()).longValue());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void metadata(JsonGenerator json, String what, int pid, int tid, String name) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", what);
    json.writeStringField("ph", "M");
    json.writeNumberField("pid", pid);
    if (tid >= 0) {
      json.writeNumberField("tid", tid);
    }
    json.writeObjectFieldStart("args");
    json.writeStringField("name", name);
    json.writeEndObject();
    json.writeEndObject();
  }

  private static Map<String, Object> guestArgs(int guest) {
    return guest >= 0 ? Map.of("guest", guest) : Map.of();
  }

  private static int pid(Layout.Kind kind) {
    return kind.ordinal() + 1;
  }

  /** The track of pCPU {@code p}'s hypercall lane: numbered after every component's. */
  private static int hypercallLane(Layout layout, int p) {
    return layout.lpCount() + p;
  }

  private static long pair(int a, int b) {
    return ((long) a << 32) | b;
  }
}
