package io.vstack.trace;

import io.vstack.charts.Html;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The boot-storm waterfall, as inline SVG: one row per guest on virtual time, its create and destroy phases as
 * coloured bars (an operation's phases drawn over the operation, the waits for a worker pale), every wait of its
 * worker for a lock hatched over them, and one guest's critical path as a red line running over the rows of the
 * guests whose work it passes through.
 */
final class Waterfall {
  private static final int WIDTH = 1300;
  private static final int LABEL = 70;
  private static final int ROW = 14;
  private static final int TOP = 30;
  private static final int LEGEND = 20;
  /**
   * Okabe-Ito's colour-blind-safe palette (without its black), then Tableau's ten and a few more: one colour for each
   * of the lifecycle's phases.
   */
  private static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
      "#F0E442", "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#EDC948", "#FF9DA7", "#9C755F", "#76B7B2", "#E15759",
      "#8C564B", "#BCBD22", "#17BECF", "#7F7F7F"};
  private static final String OPERATION = "#DDDDDD";
  private static final String PATH = "#E4003A";
  private static final Consumer<Html> NONE = h -> { };

  private Waterfall() {
  }

  /** The waterfall's {@code <svg>} element; {@code path} may be null (no critical path drawn). */
  static String svg(GuestPhases phases, LockSpans locks, CriticalPath path) {
    long end = Math.max(1, phases.guests().stream().flatMap(g -> g.spans().stream())
        .mapToLong(GuestPhases.Span::endNs).max().orElse(1));
    Map<String, String> colours = colours(phases);
    Map<Integer, Integer> rowOf = new LinkedHashMap<>();
    for (GuestPhases.Guest g : phases.guests()) {
      rowOf.put(g.guest(), rowOf.size());
    }
    int legendRows = (colours.size() + 3 + 5) / 6;
    int height = TOP + rowOf.size() * ROW + 30 + legendRows * LEGEND;
    double scale = (WIDTH - LABEL - 10) / (double) end;
    return Html.fragment(page -> page.element("svg", h -> {
      h.element("defs", defs -> defs.element("pattern", p -> p.element("rect", NONE, "width", 2, "height", 4, "fill",
          "#000", "fill-opacity", 0.55), "id", "lockwait", "width", 4, "height", 4, "patternUnits", "userSpaceOnUse",
          "patternTransform", "rotate(45)"));
      axis(h, end, scale, TOP + rowOf.size() * ROW);
      for (GuestPhases.Guest g : phases.guests()) {
        guest(h, g, TOP + rowOf.get(g.guest()) * ROW, path != null && g.guest() == path.guest(), colours, scale);
      }
      for (LockSpans.Span w : locks.spans()) {
        Integer row = rowOf.get(w.guest());
        if (w.waiting() && row != null && w.endNs() > w.startNs()) {
          bar(h, scale, w.startNs(), w.endNs(), TOP + row * ROW + 2, ROW - 4, "url(#lockwait)",
              String.format(Locale.ROOT, "vm-%d waits for %s %.3f-%.3f ms", w.guest(), w.lock(),
                  w.startNs() / 1e6, w.endNs() / 1e6));
        }
      }
      if (path != null) {
        criticalPath(h, path, rowOf, scale);
      }
      legend(h, colours, TOP + rowOf.size() * ROW + 30);
    }, "xmlns", "http://www.w3.org/2000/svg", "width", WIDTH, "height", height, "viewBox",
        "0 0 " + WIDTH + " " + height, "style", "max-width:100%;height:auto", "role", "img", "aria-label",
        "boot-storm waterfall", "font-family", "sans-serif", "font-size", 10));
  }

  /** A guest's row: its name, then its operations with their phases drawn over them. */
  private static void guest(Html h, GuestPhases.Guest g, int y, boolean onPath, Map<String, String> colours,
      double scale) {
    h.element("text", g.name().isEmpty() ? "vm-" + g.guest() : g.name(), "x", LABEL - 4, "y", y + ROW - 3,
        "text-anchor", "end", "font-weight", onPath ? "bold" : "normal", "fill", onPath ? PATH : "#000");
    for (GuestPhases.Span s : g.spans()) {
      boolean operation = s.depth() == 0 && s.name().equals(s.op());
      String fill = operation ? OPERATION : colours.get(s.name());
      double inset = operation ? 1 : s.depth() == 0 ? 4 : 2;
      bar(h, scale, s.startNs(), s.endNs(), y + inset, ROW - 2 * inset, fill, String.format(Locale.ROOT,
          "%s: %s %.3f-%.3f ms", g.name(), s.name(), s.startNs() / 1e6, s.endNs() / 1e6));
    }
  }

  /**
   * The colours of the phases some guest went through: each phase's colour follows from its column in the lifecycle
   * table, so a phase has the same colour in every report.
   */
  private static Map<String, String> colours(GuestPhases phases) {
    Set<String> seen = new HashSet<>();
    for (GuestPhases.Guest g : phases.guests()) {
      for (GuestPhases.Span s : g.spans()) {
        seen.add(s.name());
      }
    }
    Map<String, String> colours = new LinkedHashMap<>();
    for (String waiting : List.of("create queued", "destroy queued")) {
      if (seen.contains(waiting)) {
        colours.put(waiting, "#F2F2F2");
      }
    }
    List<String> named = new ArrayList<>(phases.phases());
    named.add(named.indexOf("unpause") + 1, "kernel boot");
    for (int i = 0; i < named.size(); i++) {
      if (seen.contains(named.get(i))) {
        colours.put(named.get(i), PALETTE[i % PALETTE.length]);
      }
    }
    return colours;
  }

  private static void bar(Html h, double scale, long from, long to, double y, double height, String fill,
      String title) {
    double x = LABEL + from * scale;
    double w = Math.max(0.5, (to - from) * scale);
    h.element("rect", r -> r.element("title", title), "x", fmt(x), "y", fmt(y), "width", fmt(w), "height",
        fmt(height), "fill", fill);
  }

  /**
   * The path as a red line: each link's stretch on the row of the guest its message concerns; a message about no
   * guest (a hotplug script's, a Xenstore watch's) stays on the row before it.
   */
  private static void criticalPath(Html h, CriticalPath path, Map<Integer, Integer> rowOf, double scale) {
    long previous = path.startNs();
    List<String> points = new ArrayList<>();
    Integer row = rowOf.get(path.guest());
    for (CriticalPath.Link l : path.links()) {
      row = rowOf.getOrDefault(l.record().guest(), row);
      if (row == null) {
        continue;
      }
      double y = TOP + row * ROW + ROW / 2.0;
      points.add(fmt(LABEL + previous * scale) + "," + fmt(y));
      points.add(fmt(LABEL + l.record().time() * scale) + "," + fmt(y));
      previous = l.record().time();
    }
    h.element("polyline", p -> p.element("title", "critical path of vm-" + path.guest()), "points",
        String.join(" ", points), "fill", "none", "stroke", PATH, "stroke-width", 2);
  }

  private static void axis(Html h, long end, double scale, int bottom) {
    double step = niceStep(end / 1e9 / 10);
    for (double t = 0; t * 1e9 <= end; t += step) {
      double x = LABEL + t * 1e9 * scale;
      h.element("line", NONE, "x1", fmt(x), "x2", fmt(x), "y1", TOP - 4, "y2", bottom, "stroke", "#E0E0E0");
      h.element("text", trim(t), "x", fmt(x), "y", TOP - 8, "text-anchor", "middle");
    }
    h.element("text", "virtual time (s)", "x", LABEL, "y", 12, "font-weight", "bold");
  }

  private static void legend(Html h, Map<String, String> colours, int y) {
    List<String[]> entries = new ArrayList<>();
    entries.add(new String[] {"operation", OPERATION});
    colours.forEach((name, colour) -> entries.add(new String[] {name, colour}));
    entries.add(new String[] {"waiting for a lock", "url(#lockwait)"});
    entries.add(new String[] {"critical path", PATH});
    int perRow = 6;
    int column = (WIDTH - LABEL) / perRow;
    for (int i = 0; i < entries.size(); i++) {
      int x = LABEL + (i % perRow) * column;
      int top = y + (i / perRow) * LEGEND;
      h.element("rect", NONE, "x", x, "y", top, "width", 14, "height", 10, "fill", entries.get(i)[1], "stroke",
          "#999");
      h.element("text", entries.get(i)[0], "x", x + 18, "y", top + 9);
    }
  }

  private static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String trim(double t) {
    return t == Math.rint(t) ? Long.toString((long) t) : fmt(t);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
