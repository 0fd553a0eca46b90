package io.vstack.model.calibrate;

import io.vstack.model.config.CostModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits cost-model parameters to a user's measured phase durations and rewrites a cost-model file with them.
 *
 * <p>Input: CSV with header {@code phase,guest_memory_mib,running_guests,duration_ms}, one measurement per row.
 * Phases and what they fit (least squares; a phase with no rows leaves its parameters alone):
 * <ul>
 * <li>{@code parse}: mean → {@code toolstack.parse-config}</li>
 * <li>{@code build}: intercept and slope over GiB → {@code toolstack.build-base}, {@code build-per-gib}</li>
 * <li>{@code populate}: slope over GiB, less the heap-lock share → {@code hypervisor.populate-per-gib}</li>
 * <li>{@code name_check}: slope over running guests = lookups × (per-entry + op + 2 × latency) →
 * {@code xenstore.op}</li>
 * <li>{@code vif_hotplug}, {@code vbd_hotplug}, {@code kernel_boot}: means → the matching keys</li>
 * <li>{@code scrub_local}: GiB per second of the slope → {@code scrub.gib-per-second} (one CPU scrubbing its own
 * node; a remote scrub's extra cost is the host's interconnect bandwidth, in {@code conf/hosts.conf})</li>
 * </ul>
 */
public final class Calibration {

  /** A measurement file the calibration cannot use; the message names the file and line. */
  public static final class BadMeasurements extends RuntimeException {
    public BadMeasurements(String message) {
      super(message);
    }
  }

  private record Point(double x, double y) {
  }

  /** A fitted value: the key under {@code cost}, its HOCON value, and how it was obtained. */
  public record Fit(String section, String key, String value, String how) {
  }

  private static final List<String> PHASES = List.of("parse", "build", "populate", "name_check", "vif_hotplug",
      "vbd_hotplug", "kernel_boot", "scrub_local");

  private Calibration() {
  }

  public static List<Fit> fit(Path measurements, CostModel current) {
    Map<String, List<Point>> byGib = new TreeMap<>();
    Map<String, List<Point>> byRunning = new TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(measurements);
    } catch (IOException e) {
      throw new BadMeasurements(measurements + ": cannot read: " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).trim().equals("phase,guest_memory_mib,running_guests,duration_ms")) {
      throw new BadMeasurements(measurements + ":1: expected the header phase,guest_memory_mib,running_guests,"
          + "duration_ms");
    }
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String where = measurements + ":" + (i + 1);
      String[] f = lines.get(i).split(",", -1);
      if (f.length != 4) {
        throw new BadMeasurements(where + ": expected 4 columns, found " + f.length);
      }
      String phase = f[0].trim();
      if (!PHASES.contains(phase)) {
        throw new BadMeasurements(where + ": phase '" + phase + "' is not one of " + String.join(", ", PHASES));
      }
      double mib = number(where, "guest_memory_mib", f[1]);
      double running = number(where, "running_guests", f[2]);
      double ms = number(where, "duration_ms", f[3]);
      byGib.computeIfAbsent(phase, k -> new ArrayList<>()).add(new Point(mib / 1024, ms));
      byRunning.computeIfAbsent(phase, k -> new ArrayList<>()).add(new Point(running, ms));
    }
    List<Fit> fits = new ArrayList<>();
    mean(byGib, "parse").ifPresent(m -> fits.add(new Fit("toolstack", "parse-config", ms(m), "mean")));
    line(byGib, "build").ifPresent(l -> {
      fits.add(new Fit("toolstack", "build-base", ms(l[0]), "intercept over guest GiB"));
      fits.add(new Fit("toolstack", "build-per-gib", ms(l[1]), "slope over guest GiB"));
    });
    line(byGib, "populate").ifPresent(l -> fits.add(new Fit("hypervisor", "populate-per-gib",
        ms(Math.max(0, l[1] - current.heapLockPerGib() / 1e6)), "slope over guest GiB less heap-lock-per-gib")));
    line(byRunning, "name_check").ifPresent(l -> {
      double perDomainMs = l[1] / Math.max(1, current.nameLookupsPerCreate());
      double opMs = perDomainMs - (current.xsPerEntry() + 2 * current.messageLatency()) / 1e6;
      fits.add(new Fit("xenstore", "op", ms(Math.max(0.001, opMs)), "slope over running guests per lookup, "
          + "less per-entry and two message latencies"));
    });
    mean(byGib, "vif_hotplug").ifPresent(m -> fits.add(new Fit("devices", "vif-hotplug", ms(m), "mean")));
    mean(byGib, "vbd_hotplug").ifPresent(m -> fits.add(new Fit("devices", "vbd-hotplug", ms(m), "mean")));
    mean(byGib, "kernel_boot").ifPresent(m -> fits.add(new Fit("guest", "kernel-boot", ms(m), "mean")));
    line(byGib, "scrub_local").ifPresent(l -> fits.add(new Fit("scrub", "gib-per-second", plain(1000 / l[1]),
        "1 / slope of seconds over GiB")));
    return fits;
  }

  /** {@code base}'s text with each fitted key's value replaced and a comment saying where it came from. */
  public static String rewrite(String base, List<Fit> fits, String source) {
    Map<String, Fit> wanted = new LinkedHashMap<>();
    fits.forEach(f -> wanted.put(f.section() + "." + f.key(), f));
    StringBuilder out = new StringBuilder();
    List<String> sections = new ArrayList<>();
    for (String line : base.split("\n", -1)) {
      String t = line.trim();
      if (t.endsWith("{")) {
        sections.add(t.substring(0, t.length() - 1).trim());
      } else if (t.equals("}") && !sections.isEmpty()) {
        sections.remove(sections.size() - 1);
      }
      int eq = t.indexOf('=');
      String section = sections.isEmpty() ? "" : sections.get(sections.size() - 1);
      Fit fit = eq > 0 && !t.startsWith("#") ? wanted.remove(section + "." + t.substring(0, eq).trim()) : null;
      if (fit != null) {
        String indent = line.substring(0, line.indexOf(t));
        out.append(indent).append("# calibrated from ").append(source).append(": ").append(fit.how()).append('\n');
        out.append(indent).append(fit.key()).append(" = ").append(fit.value()).append('\n');
      } else {
        out.append(line).append('\n');
      }
    }
    if (!wanted.isEmpty()) {
      throw new IllegalStateException("the base cost model has no keys " + wanted.keySet());
    }
    return out.substring(0, out.length() - 1);
  }

  private static java.util.Optional<Double> mean(Map<String, List<Point>> data, String phase) {
    List<Point> p = data.get(phase);
    return p == null ? java.util.Optional.empty()
        : java.util.Optional.of(p.stream().mapToDouble(Point::y).average().orElse(0));
  }

  /** Least-squares {intercept, slope}; empty without data, slope 0 when every x is the same. */
  private static java.util.Optional<double[]> line(Map<String, List<Point>> data, String phase) {
    List<Point> p = data.get(phase);
    if (p == null) {
      return java.util.Optional.empty();
    }
    double mx = p.stream().mapToDouble(Point::x).average().orElse(0);
    double my = p.stream().mapToDouble(Point::y).average().orElse(0);
    double sxx = 0;
    double sxy = 0;
    for (Point q : p) {
      sxx += (q.x() - mx) * (q.x() - mx);
      sxy += (q.x() - mx) * (q.y() - my);
    }
    if (sxx == 0) {
      throw new BadMeasurements("phase " + phase + ": needs measurements at two or more different sizes to fit a "
          + "line");
    }
    double slope = sxy / sxx;
    return java.util.Optional.of(new double[] {my - slope * mx, slope});
  }

  private static double number(String where, String column, String value) {
    try {
      double v = Double.parseDouble(value.trim());
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadMeasurements(where + ": " + column + " '" + value + "' is not a number >= 0");
    }
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.0fus", Math.max(0, value) * 1000);
  }

  private static String plain(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
