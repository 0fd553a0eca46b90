package io.vstack.trace;

import io.vstack.charts.Chart;
import io.vstack.charts.ChartSvg;
import io.vstack.charts.Series;
import io.vstack.model.domain.Domain;
import io.vstack.model.results.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page for one traced run (no scripts, no external resources; charts are inline SVG, every
 * text escaped by {@link Html}): the boot-storm waterfall (with the run's {@code lifecycle.csv}), the critical path
 * of the slowest guest (where its time went, then the path), a timeline of busy pCPUs and guests running, the
 * summary and the phase breakdown.
 */
public final class HtmlReport {
  private static final int BUCKETS = 200;

  private HtmlReport() {
  }

  public static void write(TraceFile trace, Path runDir, Path file) {
    TraceSummary s = TraceSummary.of(trace);
    LifecycleTable lifecycle = LifecycleTable.readIfPresent(runDir);
    int slowest = CriticalPath.slowestGuest(trace);
    CriticalPath path = slowest >= 0 ? CriticalPath.of(trace, slowest) : null;
    Html h = new Html();
    h.markup("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>vstack trace report</title>\n"
        + "<style>body{font-family:sans-serif;max-width:1320px;margin:2em auto}table{border-collapse:collapse;"
        + "margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "th{background:#f4f4f4}td.l{text-align:left}figure{margin:1em 0}</style></head>\n<body>\n");
    h.element("h1", "Trace report: " + trace.header().get("scenario") + " (" + trace.header().get("configuration")
        + ")");
    h.open("p").format("%,d messages over %.3f s of virtual time; seed %s.", s.records(), s.endNs() / 1e9,
        trace.header().get("seed")).close("p");
    if (lifecycle != null) {
      h.element("h2", "Boot-storm waterfall");
      h.element("p", "One row per guest on virtual time: its create and destroy operations (grey) with their "
          + "phases in colour, the waits for a worker pale, its worker's waits for a lock hatched"
          + (path == null ? "." : ", and the critical path of the slowest guest (vm-" + slowest + ", in red) "
          + "running over the rows of the guests whose work it waited for."));
      h.open("figure").append(Waterfall.svg(GuestPhases.of(lifecycle), LockSpans.of(trace), path)).close("figure");
    }
    if (path != null) {
      criticalPath(h, path);
    }
    h.element("h2", "Timeline");
    h.open("figure").markup(ChartSvg.render(timeline(trace, s.endNs())).replaceFirst("(?s)^.*?(<svg)", "$1"))
        .close("figure");
    h.element("h2", "Summary");
    h.open("table").headers("measure", "value");
    h.row("mean pCPU utilization", String.format(Locale.ROOT, "%.3f", s.meanPcpuUtilization()));
    h.row("Xenstore cache hits / misses", s.cacheHits() + " / " + s.cacheMisses());
    h.row("scrubbed pages local / remote", s.scrubbedLocalPages() + " / " + s.scrubbedRemotePages());
    s.lockWaits().forEach((lock, w) -> h.row(lock + " wait p50 / p95 / max (ms)", stats(w)));
    h.close("table").element("h3", "Busiest pCPUs");
    h.open("table").headers("pCPU", "busy (ms)", "utilization");
    for (TraceSummary.Utilization u : s.busiest()) {
      h.row(u.actor(), String.format(Locale.ROOT, "%.1f", u.busyNs() / 1e6),
          String.format(Locale.ROOT, "%.3f", u.utilization()));
    }
    h.close("table").element("h3", "Xenstore requests");
    counts(h, s.xenstoreRequests());
    h.element("h3", "Messages by type");
    counts(h, s.byType());
    if (lifecycle != null) {
      h.element("h2", "Phase breakdown");
      h.open("table").headers("phase", "count", "p50 (ms)", "p95 (ms)", "max (ms)");
      PhaseBreakdown.of(lifecycle).phases().forEach((phase, st) -> h.row(phase, st.count(), ms(st.p50()),
          ms(st.p95()), ms(st.max())));
      h.close("table");
    }
    h.markup("</body></html>\n");
    try {
      Files.writeString(file, h.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the slowest guest's time went, then its path in stretches between two components. */
  private static void criticalPath(Html h, CriticalPath path) {
    long total = path.endNs() - path.startNs();
    h.element("h2", String.format(Locale.ROOT, "Critical path of the slowest guest (vm-%d, %.3f ms from request to "
        + "running)", path.guest(), total / 1e6));
    h.element("h3", "Where the time went");
    h.open("table").headers("spent on", "ms", "share");
    for (CriticalPath.Part p : path.contributors()) {
      h.row(p.what(), ms(p.ns() / 1e6), String.format(Locale.ROOT, "%.1f%%", 100.0 * p.ns() / total));
    }
    h.close("table");
    h.element("h3", "The path");
    h.element("p", "Consecutive messages between the same two components taken together; stretches under 1% of "
        + "the time are summed in the last row (vstack trace critical-path --all lists every message).");
    h.open("table").headers("from (ms)", "to (ms)", "between", "messages", "wait (ms)", "work (ms)",
        "latency (ms)", "share");
    int hidden = 0;
    double rest = 0;
    for (CriticalPath.Group g : path.groups()) {
      if (g.share() < 0.01) {
        hidden++;
        rest += g.share();
        continue;
      }
      h.open("tr").element("td", ms(g.firstNs() / 1e6)).element("td", ms(g.lastNs() / 1e6))
          .element("td", g.between(), "class", "l").element("td", g.messages()).element("td", ms(g.waitNs() / 1e6))
          .element("td", ms(g.workNs() / 1e6)).element("td", ms(g.latencyNs() / 1e6))
          .element("td", String.format(Locale.ROOT, "%.1f%%", g.share() * 100)).close("tr");
    }
    if (hidden > 0) {
      h.open("tr").element("td", "").element("td", "").element("td", hidden + " shorter stretches", "class", "l")
          .element("td", "").element("td", "").element("td", "").element("td", "")
          .element("td", String.format(Locale.ROOT, "%.1f%%", rest * 100)).close("tr");
    }
    h.close("table");
  }

  /** Busy pCPUs over time (each work item spread over when it ran) and guests booted so far. */
  private static Chart timeline(TraceFile trace, long end) {
    double width = Math.max(1, end) / (double) BUCKETS;
    double[] busy = new double[BUCKETS + 1];
    double[] running = new double[BUCKETS + 1];
    for (PcpuWork.Item w : PcpuWork.of(trace).items()) {
      spread(busy, width, w.startNs(), w.endNs());
    }
    for (TraceRecord r : trace.records()) {
      if (r.is(Domain.GuestRunning.class)) {
        running[(int) Math.min(BUCKETS, r.time() / width)]++;
      }
    }
    List<double[]> busyPoints = new ArrayList<>();
    List<double[]> runningPoints = new ArrayList<>();
    double total = 0;
    for (int b = 0; b <= BUCKETS; b++) {
      total += running[b];
      busyPoints.add(new double[] {b * width / 1e9, busy[b]});
      runningPoints.add(new double[] {b * width / 1e9, total});
    }
    return Chart.lines("timeline", "Busy pCPUs and guests booted over virtual time", "virtual time (s)",
        "busy pCPUs / guests booted", false, List.of(new Series("busy pCPUs", busyPoints),
            new Series("guests booted so far", runningPoints)));
  }

  /** Adds the interval [from, to) to the buckets it overlaps, as a fraction of each bucket's width. */
  private static void spread(double[] buckets, double width, long from, long to) {
    for (int b = (int) (from / width); b <= Math.min(BUCKETS, (int) (to / width)); b++) {
      double lo = Math.max(from, b * width);
      double hi = Math.min(to, (b + 1) * width);
      if (hi > lo) {
        buckets[b] += (hi - lo) / width;
      }
    }
  }

  private static void counts(Html h, Map<String, Long> counts) {
    h.open("table").headers("name", "count");
    counts.forEach(h::row);
    h.close("table");
  }

  private static String stats(Stats s) {
    return String.format(Locale.ROOT, "%.3f / %.3f / %.3f (n=%d)", s.p50(), s.p95(), s.max(), s.count());
  }

  private static String ms(double ms) {
    return String.format(Locale.ROOT, "%.3f", ms);
  }
}
