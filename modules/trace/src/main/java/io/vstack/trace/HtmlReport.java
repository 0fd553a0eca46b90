package io.vstack.trace;

import io.vstack.charts.Chart;
import io.vstack.charts.ChartSvg;
import io.vstack.charts.Html;
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
import java.util.function.Consumer;

/**
 * A self-contained HTML page for one traced run (no scripts, no external resources; charts are inline SVG, every
 * text escaped by the charts module's {@link Html}): the boot-storm waterfall (with the run's
 * {@code lifecycle.csv}), the critical path of the slowest guest (where its time went, then the path), a timeline of
 * busy pCPUs and guests running, the summary and the phase breakdown.
 */
public final class HtmlReport {
  private static final int BUCKETS = 200;
  private static final String CSS = "body{font-family:sans-serif;max-width:1320px;margin:2em auto}"
      + "table{border-collapse:collapse;margin:1em 0;font-size:13px}"
      + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td.l{text-align:left}"
      + "figure{margin:1em 0}";

  private HtmlReport() {
  }

  public static void write(TraceFile trace, Path runDir, Path file) {
    TraceSummary s = TraceSummary.of(trace);
    LifecycleTable lifecycle = LifecycleTable.readIfPresent(runDir);
    int slowest = CriticalPath.slowestGuest(trace);
    CriticalPath path = slowest >= 0 ? CriticalPath.of(trace, slowest) : null;
    String page = Html.page("vstack trace report", CSS, h -> {
      h.element("h1", "Trace report: " + trace.header().get("scenario") + " (" + trace.header().get("configuration")
          + ")");
      h.element("p", String.format(Locale.ROOT, "%,d messages over %.3f s of virtual time; seed %s.", s.records(),
          s.endNs() / 1e9, trace.header().get("seed")));
      if (lifecycle != null) {
        h.element("h2", "Boot-storm waterfall");
        h.element("p", "One row per guest on virtual time: its create and destroy operations (grey) with their "
            + "phases in colour, the waits for a worker pale, its worker's waits for a lock hatched"
            + (path == null ? "." : ", and the critical path of the slowest guest (vm-" + slowest + ", in red) "
            + "running over the rows of the guests whose work it waited for."));
        h.element("figure", f -> f.trusted(Waterfall.svg(GuestPhases.of(lifecycle), LockSpans.of(trace), path)));
      }
      if (path != null) {
        criticalPath(h, path);
      }
      h.element("h2", "Timeline");
      h.element("figure", f -> f.trusted(ChartSvg.element(timeline(trace, s.endNs()))));
      summary(h, s);
      if (lifecycle != null) {
        h.element("h2", "Phase breakdown");
        table(h, List.of("phase", "count", "p50 (ms)", "p95 (ms)", "max (ms)"), t -> PhaseBreakdown.of(lifecycle)
            .phases().forEach((phase, st) -> row(t, phase, st.count(), ms(st.p50()), ms(st.p95()), ms(st.max()))));
      }
    });
    try {
      Files.writeString(file, page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void summary(Html h, TraceSummary s) {
    h.element("h2", "Summary");
    table(h, List.of("measure", "value"), t -> {
      row(t, "mean pCPU utilization", String.format(Locale.ROOT, "%.3f", s.meanPcpuUtilization()));
      row(t, "Xenstore cache hits / misses", s.cacheHits() + " / " + s.cacheMisses());
      row(t, "scrubbed pages local / remote", s.scrubbedLocalPages() + " / " + s.scrubbedRemotePages());
      s.lockWaits().forEach((lock, w) -> row(t, lock + " wait p50 / p95 / max (ms)", stats(w)));
    });
    h.element("h3", "Busiest pCPUs");
    table(h, List.of("pCPU", "busy (ms)", "utilization"), t -> {
      for (TraceSummary.Utilization u : s.busiest()) {
        row(t, u.actor(), String.format(Locale.ROOT, "%.1f", u.busyNs() / 1e6),
            String.format(Locale.ROOT, "%.3f", u.utilization()));
      }
    });
    h.element("h3", "Xenstore requests");
    counts(h, s.xenstoreRequests());
    h.element("h3", "Messages by type");
    counts(h, s.byType());
  }

  /** Where the slowest guest's time went, then its path in stretches between two components. */
  private static void criticalPath(Html h, CriticalPath path) {
    long total = path.endNs() - path.startNs();
    h.element("h2", String.format(Locale.ROOT, "Critical path of the slowest guest (vm-%d, %.3f ms from request to "
        + "running)", path.guest(), total / 1e6));
    h.element("h3", "Where the time went");
    table(h, List.of("spent on", "ms", "share"), t -> {
      for (CriticalPath.Part p : path.contributors()) {
        row(t, p.what(), ms(p.ns() / 1e6), String.format(Locale.ROOT, "%.1f%%", 100.0 * p.ns() / total));
      }
    });
    h.element("h3", "The path");
    h.element("p", "Consecutive messages between the same two components taken together; stretches under 1% of "
        + "the time are summed in the last row (vstack trace critical-path --all lists every message).");
    table(h, List.of("from (ms)", "to (ms)", "between", "messages", "wait (ms)", "work (ms)", "latency (ms)",
        "share"), t -> {
          int hidden = 0;
          double rest = 0;
          for (CriticalPath.Group g : path.groups()) {
            if (g.share() < 0.01) {
              hidden++;
              rest += g.share();
              continue;
            }
            t.element("tr", r -> r.element("td", ms(g.firstNs() / 1e6)).element("td", ms(g.lastNs() / 1e6))
                .element("td", g.between(), "class", "l").element("td", Integer.toString(g.messages()))
                .element("td", ms(g.waitNs() / 1e6)).element("td", ms(g.workNs() / 1e6))
                .element("td", ms(g.latencyNs() / 1e6)).element("td", percent(g.share())));
          }
          if (hidden > 0) {
            int shorter = hidden;
            double share = rest;
            t.element("tr", r -> r.element("td", "").element("td", "")
                .element("td", shorter + " shorter stretches", "class", "l").element("td", "").element("td", "")
                .element("td", "").element("td", "").element("td", percent(share)));
          }
        });
  }

  /** A table with a header row of {@code headers}, then the rows {@code rows} adds. */
  private static void table(Html h, List<String> headers, Consumer<Html> rows) {
    h.element("table", t -> {
      t.element("tr", r -> headers.forEach(header -> r.element("th", header)));
      rows.accept(t);
    });
  }

  /** A table row of cells; the first cell left-aligned (a name), the rest numbers. */
  private static void row(Html t, Object... cells) {
    t.element("tr", r -> {
      for (int i = 0; i < cells.length; i++) {
        if (i == 0) {
          r.element("td", String.valueOf(cells[i]), "class", "l");
        } else {
          r.element("td", String.valueOf(cells[i]));
        }
      }
    });
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
    table(h, List.of("name", "count"), t -> counts.forEach((name, count) -> row(t, name, count)));
  }

  private static String stats(Stats s) {
    return String.format(Locale.ROOT, "%.3f / %.3f / %.3f (n=%d)", s.p50(), s.p95(), s.max(), s.count());
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String ms(double ms) {
    return String.format(Locale.ROOT, "%.3f", ms);
  }
}
