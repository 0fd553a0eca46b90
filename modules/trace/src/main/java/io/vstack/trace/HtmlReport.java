package io.vstack.trace;

import io.vstack.charts.Chart;
import io.vstack.charts.ChartSvg;
import io.vstack.charts.Series;
import io.vstack.model.Layout;
import io.vstack.model.domain.Domain;
import io.vstack.model.pcpu.Pcpu;
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
 * A self-contained HTML page for one traced run (no scripts, no external resources; charts are inline SVG):
 * the summary, the phase breakdown, a timeline of busy pCPUs and guests running, and the critical path of the
 * slowest guest.
 */
public final class HtmlReport {
  private static final int BUCKETS = 200;

  private HtmlReport() {
  }

  public static void write(TraceFile trace, Path runDir, Path file) {
    TraceSummary s = TraceSummary.of(trace);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>vstack trace report</title>\n"
        + "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse;"
        + "margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "th{background:#f4f4f4}td.l{text-align:left}</style></head>\n<body>\n");
    h.append("<h1>Trace report: ").append(esc(String.valueOf(trace.header().get("scenario")))).append(" (")
        .append(esc(String.valueOf(trace.header().get("configuration")))).append(")</h1>\n");
    h.append(String.format(Locale.ROOT, "<p>%,d messages over %.3f s of virtual time; seed %s.</p>%n", s.records(),
        s.endNs() / 1e9, trace.header().get("seed")));
    h.append("<h2>Timeline</h2>\n");
    h.append(svg(timeline(trace, s.endNs())));
    h.append("<h2>Summary</h2>\n<table><tr><th>measure</th><th>value</th></tr>\n");
    row(h, "mean pCPU utilization", String.format(Locale.ROOT, "%.3f", s.meanPcpuUtilization()));
    row(h, "Xenstore cache hits / misses", s.cacheHits() + " / " + s.cacheMisses());
    row(h, "scrubbed pages local / remote", s.scrubbedLocalPages() + " / " + s.scrubbedRemotePages());
    s.lockWaits().forEach((lock, w) -> row(h, lock + " wait p50 / p95 / max (ms)", stats(w)));
    h.append("</table>\n<h3>Busiest pCPUs</h3>\n<table><tr><th>pCPU</th><th>busy (ms)</th><th>utilization</th></tr>\n");
    for (TraceSummary.Utilization u : s.busiest()) {
      h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%.1f</td><td>%.3f</td></tr>%n", u.actor(),
          u.busyNs() / 1e6, u.utilization()));
    }
    h.append("</table>\n<h3>Xenstore requests</h3>\n").append(counts(s.xenstoreRequests()));
    h.append("<h3>Messages by type</h3>\n").append(counts(s.byType()));
    if (Files.isRegularFile(runDir.resolve("lifecycle.csv"))) {
      h.append("<h2>Phase breakdown</h2>\n<table><tr><th>phase</th><th>count</th><th>p50 (ms)</th><th>p95 (ms)</th>"
          + "<th>max (ms)</th></tr>\n");
      PhaseBreakdown.of(runDir).phases().forEach((phase, st) -> h.append(String.format(Locale.ROOT,
          "<tr><td class=\"l\">%s</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n", phase, st.count(),
          st.p50(), st.p95(), st.max())));
      h.append("</table>\n");
    }
    int slowest = CriticalPath.slowestGuest(trace);
    if (slowest >= 0) {
      CriticalPath path = CriticalPath.of(trace, slowest);
      h.append(String.format(Locale.ROOT, "<h2>Critical path of the slowest guest (guest %d, %.3f ms from request "
          + "to running)</h2>%n", slowest, (path.endNs() - path.startNs()) / 1e6));
      h.append("<table><tr><th>received (ms)</th><th>message</th><th>from</th><th>to</th><th>held (ms)</th>"
          + "<th>flight (ms)</th><th>share</th></tr>\n");
      for (CriticalPath.Link l : path.links()) {
        h.append(String.format(Locale.ROOT, "<tr><td>%.3f</td><td class=\"l\">%s</td><td class=\"l\">%s</td>"
                + "<td class=\"l\">%s</td><td>%.3f</td><td>%.3f</td><td>%.1f%%</td></tr>%n", l.record().time() / 1e6,
            esc(l.record().type()), l.from(), l.to(), l.heldNs() / 1e6, l.flightNs() / 1e6, l.share() * 100));
      }
      h.append("</table>\n");
    }
    h.append("</body></html>\n");
    try {
      Files.writeString(file, h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Busy pCPUs over time (each work item spread over when it ran) and guests booted so far. */
  private static Chart timeline(TraceFile trace, long end) {
    Layout layout = trace.layout();
    double width = Math.max(1, end) / (double) BUCKETS;
    double[] busy = new double[BUCKETS + 1];
    double[] running = new double[BUCKETS + 1];
    List<java.util.ArrayDeque<TraceRecord>> queued = new ArrayList<>();
    for (int p = 0; p < layout.pcpus(); p++) {
      queued.add(new java.util.ArrayDeque<>());
    }
    for (TraceRecord r : trace.records()) {
      if (layout.kindOf(r.to()) == Layout.Kind.pcpu && r.is(Pcpu.Run.class)
          && "hypervisor".equals(r.fields().get("work"))) {
        spread(busy, width, r.time(), r.time() + r.number("duration"));
      } else if (layout.kindOf(r.to()) == Layout.Kind.pcpu && r.is(Pcpu.Run.class)) {
        queued.get(layout.indexOf(r.to())).add(r);
      } else if (layout.kindOf(r.to()) == Layout.Kind.pcpu && r.is(Pcpu.Finish.class)) {
        TraceRecord run = queued.get(layout.indexOf(r.to())).poll();
        if (run != null) {
          spread(busy, width, r.time() - run.number("duration"), r.time());
        }
      } else if (r.is(Domain.GuestRunning.class)) {
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

  private static String svg(Chart chart) {
    String svg = ChartSvg.render(chart);
    return "<figure>" + svg.substring(svg.indexOf("<svg")) + "</figure>\n";
  }

  private static String counts(Map<String, Long> counts) {
    StringBuilder t = new StringBuilder("<table><tr><th>name</th><th>count</th></tr>\n");
    counts.forEach((k, v) -> t.append("<tr><td class=\"l\">").append(esc(k)).append("</td><td>").append(v)
        .append("</td></tr>\n"));
    return t.append("</table>\n").toString();
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><td class=\"l\">").append(esc(name)).append("</td><td>").append(esc(value)).append("</td></tr>\n");
  }

  private static String stats(Stats s) {
    return String.format(Locale.ROOT, "%.3f / %.3f / %.3f (n=%d)", s.p50(), s.p95(), s.max(), s.count());
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
