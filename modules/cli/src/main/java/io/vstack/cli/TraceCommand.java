package io.vstack.cli;

import io.vstack.model.results.Stats;
import io.vstack.trace.CriticalPath;
import io.vstack.trace.HtmlReport;
import io.vstack.trace.LifecycleTable;
import io.vstack.trace.PerfettoExport;
import io.vstack.trace.PhaseBreakdown;
import io.vstack.trace.TraceFile;
import io.vstack.trace.TraceSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vstack trace}: analyses a run's message trace (record one with {@code vstack run --trace}). */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Analyse a message trace. RUN is a run directory of one configuration (e.g. runs/storm-32/stock) "
        + "or a trace.jsonl.gz file.",
    subcommands = {TraceCommand.Summary.class, TraceCommand.Phases.class, TraceCommand.Diff.class,
        TraceCommand.Critical.class, TraceCommand.Export.class, TraceCommand.Report.class})
public final class TraceCommand {

  static TraceFile load(Path run) {
    try {
      return TraceFile.read(run);
    } catch (TraceFile.BadTrace e) {
      throw new InputError(e.getMessage());
    }
  }

  static Path runDir(Path run) {
    return Files.isDirectory(run) ? run : run.toAbsolutePath().getParent();
  }

  /** Where a subcommand writes its file: {@code --out} if given, else {@code name} in RUN's directory. */
  static Path target(Path file, Path run, String name) {
    return file != null ? file : runDir(run).resolve(name);
  }

  static String stats(Stats s) {
    return String.format(Locale.ROOT, "%10.3f %10.3f %10.3f %7d", s.p50(), s.p95(), s.max(), s.count());
  }

  /** {@code vstack trace summary RUN}. */
  @Command(name = "summary", mixinStandardHelpOptions = true,
      description = "Counts, utilization, lock waits, Xenstore ops, cache, scrubbing.")
  static final class Summary extends PrintingCommand {

    @Parameters(paramLabel = "RUN")
    Path run;

    @Override
    int print(PrintWriter out) {
      TraceSummary s = TraceSummary.of(load(run));
      out.printf(Locale.ROOT, "%,d messages over %.3f s of virtual time%n", s.records(), s.endNs() / 1e9);
      out.println("\nmessages by receiving component kind");
      s.byKind().forEach((k, v) -> out.printf("  %-28s %,10d%n", k, v));
      out.println("\nmessages by type");
      s.byType().forEach((k, v) -> out.printf("  %-28s %,10d%n", k, v));
      out.printf(Locale.ROOT, "%npCPU utilization: mean %.3f; busiest:%n", s.meanPcpuUtilization());
      s.busiest().forEach(u -> out.printf(Locale.ROOT, "  %-10s busy %10.1f ms  %.3f%n", u.actor(), u.busyNs() / 1e6,
          u.utilization()));
      out.printf("%nlock waits (ms)           %10s %10s %10s %7s%n", "p50", "p95", "max", "count");
      s.lockWaits().forEach((lock, w) -> out.printf("  %-22s %s%n", lock, stats(w)));
      out.println("\nXenstore requests");
      s.xenstoreRequests().forEach((k, v) -> out.printf("  %-28s %,10d%n", k, v));
      long lookups = s.cacheHits() + s.cacheMisses();
      out.printf(Locale.ROOT, "%ncache: %d hits, %d misses, hit ratio %s%n", s.cacheHits(), s.cacheMisses(),
          lookups == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) s.cacheHits() / lookups));
      out.printf("scrubbed pages: %d local, %d remote%n", s.scrubbedLocalPages(), s.scrubbedRemotePages());
      return 0;
    }
  }

  /** {@code vstack trace phases RUN}. */
  @Command(name = "phases", mixinStandardHelpOptions = true,
      description = "Per-phase latency p50/p95/max across guests.")
  static final class Phases extends PrintingCommand {

    @Parameters(paramLabel = "RUN")
    Path run;

    @Override
    int print(PrintWriter out) {
      PhaseBreakdown phases = phases(run);
      out.printf("%-20s %10s %10s %10s %7s%n", "phase (ms)", "p50", "p95", "max", "count");
      phases.phases().forEach((phase, s) -> out.printf("%-20s %s%n", phase, stats(s)));
      return 0;
    }
  }

  static PhaseBreakdown phases(Path run) {
    try {
      return PhaseBreakdown.of(runDir(run));
    } catch (TraceFile.BadTrace e) {
      throw new InputError(e.getMessage());
    }
  }

  /** {@code vstack trace diff RUN-A RUN-B}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Phase latencies of two runs side by side (e.g. stock vs. fixed).")
  static final class Diff extends PrintingCommand {

    @Parameters(index = "0", paramLabel = "RUN-A")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN-B")
    Path b;

    @Override
    int print(PrintWriter out) {
      Map<String, Stats> left = phases(a).phases();
      Map<String, Stats> right = phases(b).phases();
      out.printf("%-20s %12s %12s %9s %12s %12s %9s%n", "phase (ms)", "p50 A", "p50 B", "A/B", "p95 A", "p95 B",
          "A/B");
      left.forEach((phase, l) -> {
        Stats r = right.getOrDefault(phase, Stats.EMPTY);
        out.printf(Locale.ROOT, "%-20s %12.3f %12.3f %9s %12.3f %12.3f %9s%n", phase, l.p50(), r.p50(),
            ratio(l.p50(), r.p50()), l.p95(), r.p95(), ratio(l.p95(), r.p95()));
      });
      return 0;
    }

    private static String ratio(double x, double y) {
      return y > 0 ? String.format(Locale.ROOT, "%.2fx", x / y) : "-";
    }
  }

  /** {@code vstack trace critical-path RUN GUEST}. */
  @Command(name = "critical-path", mixinStandardHelpOptions = true,
      description = "The chain of messages and waits that set one guest's boot time: where its time went, then the "
          + "path.")
  static final class Critical extends PrintingCommand {

    @Parameters(index = "0", paramLabel = "RUN")
    Path run;

    @Parameters(index = "1", paramLabel = "GUEST", description = "guest number (vm-N), or 'slowest'")
    String guest;

    @Option(names = "--all", description = "list every message of the path instead of stretches of 1%% or more")
    boolean all;

    private static final double MIN_SHARE = 0.01;

    @Override
    int print(PrintWriter out) {
      TraceFile trace = load(run);
      int g;
      try {
        g = guest.equals("slowest") ? CriticalPath.slowestGuest(trace) : Integer.parseInt(guest.replace("vm-", ""));
      } catch (NumberFormatException e) {
        throw new InputError("GUEST '" + guest + "' is not a guest number, vm-N or 'slowest'");
      }
      CriticalPath path;
      try {
        path = CriticalPath.of(trace, g);
      } catch (IllegalArgumentException e) {
        throw new InputError(e.getMessage());
      }
      long total = path.endNs() - path.startNs();
      out.printf(Locale.ROOT, "critical path of guest %d: %.3f ms from its create request to running, %,d messages"
          + "%n%nwhere the time went%n", g, total / 1e6, path.links().size());
      for (CriticalPath.Part p : path.contributors()) {
        out.printf(Locale.ROOT, "  %-44s %12.3f ms %6.1f%%%n", p.what(), p.ns() / 1e6, 100.0 * p.ns() / total);
      }
      if (all) {
        out.printf("%n%12s  %-34s %-14s %-14s %10s %10s %10s %6s%n", "recv (ms)", "message", "from", "to", "wait ms",
            "work ms", "latency ms", "share");
        for (CriticalPath.Link l : path.links()) {
          out.printf(Locale.ROOT, "%12.3f  %-34s %-14s %-14s %10.3f %10.3f %10.3f %5.1f%%%n", l.record().time() / 1e6,
              l.record().type(), l.from(), l.to(), l.waitNs() / 1e6, l.workNs() / 1e6, l.latencyNs() / 1e6,
              l.share() * 100);
        }
        return 0;
      }
      out.printf("%nthe path, consecutive messages between the same two components taken together (--all: every "
          + "message)%n%12s %12s  %-30s %8s %10s %10s %10s %6s%n", "from (ms)", "to (ms)", "between", "messages",
          "wait ms", "work ms", "latency ms", "share");
      double rest = 0;
      int hidden = 0;
      for (CriticalPath.Group gr : path.groups()) {
        if (gr.share() < MIN_SHARE) {
          hidden++;
          rest += gr.share();
          continue;
        }
        out.printf(Locale.ROOT, "%12.3f %12.3f  %-30s %8d %10.3f %10.3f %10.3f %5.1f%%%n", gr.firstNs() / 1e6,
            gr.lastNs() / 1e6, gr.between(), gr.messages(), gr.waitNs() / 1e6, gr.workNs() / 1e6,
            gr.latencyNs() / 1e6, gr.share() * 100);
      }
      if (hidden > 0) {
        out.printf(Locale.ROOT, "  ... and %d shorter stretches (under %.0f%% each), %.1f%% of the time together%n",
            hidden, MIN_SHARE * 100, rest * 100);
      }
      return 0;
    }
  }

  /** {@code vstack trace export --perfetto RUN}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Export to Chrome Trace Event JSON for ui.perfetto.dev / chrome://tracing.")
  static final class Export extends PrintingCommand {

    @Option(names = "--perfetto", required = true, description = "Chrome Trace Event / Perfetto JSON")
    boolean perfetto;

    @Option(names = "--out", paramLabel = "FILE", description = "default: RUN/trace.perfetto.json")
    Path file;

    @Parameters(paramLabel = "RUN")
    Path run;

    @Override
    int print(PrintWriter out) {
      Path target = target(file, run, "trace.perfetto.json");
      PerfettoExport.write(load(run), LifecycleTable.readIfPresent(runDir(run)), target);
      out.printf("wrote %s (open it in ui.perfetto.dev or chrome://tracing)%n", target);
      return 0;
    }
  }

  /** {@code vstack trace report RUN}. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "A self-contained HTML report: boot-storm waterfall, critical path, timeline, summary, phases.")
  static final class Report extends PrintingCommand {

    @Option(names = "--out", paramLabel = "FILE", description = "default: RUN/report.html")
    Path file;

    @Parameters(paramLabel = "RUN")
    Path run;

    @Override
    int print(PrintWriter out) {
      Path target = target(file, run, "report.html");
      HtmlReport.write(load(run), runDir(run), target);
      out.printf("wrote %s%n", target);
      return 0;
    }
  }
}
