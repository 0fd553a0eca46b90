package io.vstack.cli;

import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import io.vstack.model.results.Stats;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Prints one or more runs of the same scenario side by side; with two, a speed-up column (first / second). */
final class SummaryTable {
  private final PrintWriter out;
  private final List<RunSummary> runs;
  private final List<String> headers;
  /** A column's format: 14 wide, or wider so that a long configuration name still leaves a gap. */
  private final String column;

  SummaryTable(PrintWriter out, List<RunSummary> runs) {
    this(out, runs, runs.stream().map(RunSummary::configuration).toList());
  }

  /** With column {@code headers} instead of the runs' configuration names. */
  SummaryTable(PrintWriter out, List<RunSummary> runs, List<String> headers) {
    this.out = out;
    this.runs = runs;
    this.headers = headers;
    this.column = "%" + Math.max(14, 2 + headers.stream().mapToInt(String::length).max().orElse(0)) + "s";
  }

  static void header(PrintWriter out, Scenario s) {
    out.printf(Locale.ROOT, "vstack: %s on %s (%d nodes x %d pCPUs, dom0 %d vCPUs), %d guests x %d MiB, "
            + "%d vif + %d vbd, %d toolstack workers, seed %d%n", s.name(), s.host().name(), s.host().nodes(),
        s.host().pcpusPerNode(), s.host().dom0Vcpus(), s.workload().guests(), s.guest().memoryMib(),
        s.guest().vifs(), s.guest().vbds(), s.switches().workers(), s.seed());
  }

  void print() {
    out.printf("%n%-42s", "");
    headers.forEach(h -> out.printf(column, h));
    if (runs.size() == 2) {
      out.printf("%10s", "speed-up");
    }
    out.println();
    latency("boot latency", RunSummary::boot);
    ratio("boot storm makespan (ms)", RunSummary::bootMakespanMs);
    latency("create latency (xl create)", RunSummary::create);
    latency("destroy latency (xl destroy)", RunSummary::destroy);
    ratio("destroy storm makespan (ms)", RunSummary::destroyMakespanMs);
    ratio("xl lock wait, total (ms)", RunSummary::xlLockWaitMs);
    ratio("domctl lock wait, total (ms)", RunSummary::domctlLockWaitMs);
    row("xenstore requests", r -> Long.toString(r.xenstoreOpsTotal()));
    row("xenstore tx retries", r -> Long.toString(r.xenstoreRetries()));
    if (runs.stream().anyMatch(r -> r.crossShardTransactions() + r.crossShardAborts() > 0)) {
      row("cross-shard transactions / aborted", r -> r.crossShardTransactions() + " / " + r.crossShardAborts());
    }
    if (runs.stream().anyMatch(r -> r.xenstoredRestarts() > 0)) {
      row("xenstored restarts (fault)", r -> Long.toString(r.xenstoredRestarts()));
      row("transactions lost to restarts", r -> Long.toString(r.xenstoreAbortedTransactions()));
    }
    row("xenstore cache hit ratio", r -> r.cacheHits() + r.cacheMisses() == 0 ? "-"
        : String.format(Locale.ROOT, "%.3f", r.cacheHitRatio()));
    row("scrubbed pages local", r -> Long.toString(r.scrubbedLocalPages()));
    row("scrubbed pages remote", r -> Long.toString(r.scrubbedRemotePages()));
    if (runs.stream().anyMatch(r -> r.allocationScrubbedPages() > 0 || r.memoryCleanMs() > r.destroyMakespanMs())) {
      row("scrubbed pages by allocations", r -> Long.toString(r.allocationScrubbedPages()));
      ratio("memory clean after first destroy (ms)", RunSummary::memoryCleanMs);
    }
    row("dom0 CPU busy (ms)", r -> num(r.dom0CpuMs()));
    if (runs.stream().anyMatch(r -> r.crashedGuests() > 0)) {
      row("guests crashed while booting (fault)", r -> Integer.toString(r.crashedGuests()));
    }
    if (runs.stream().anyMatch(r -> r.pcpuOfflineMs() > 0)) {
      row("pCPU time offline (fault, ms)", r -> num(r.pcpuOfflineMs()));
      row("work items interrupted and resumed", r -> Long.toString(r.interruptedWork()));
    }
    if (runs.stream().anyMatch(r -> r.xlKilled() > 0)) {
      row("xl processes killed mid-operation (fault)", r -> Integer.toString(r.xlKilled()));
      row("half-built/destroyed domains cleaned up", r -> Integer.toString(r.leftoversCleaned()));
    }
    if (runs.stream().anyMatch(r -> r.shellsPrepared() > 0)) {
      row("creations from a ready shell", r -> Integer.toString(r.createdFromShells()));
      row("shells prepared / left at the end", r -> r.shellsPrepared() + " / " + r.shellsLeft());
    }
    row("created / failed", r -> r.created() + " / " + r.createFailed());
    row("destroyed / failed", r -> r.destroyed() + " / " + r.destroyFailed());
  }

  private void latency(String name, Function<RunSummary, Stats> stats) {
    ratio(name + " p50 (ms)", r -> stats.apply(r).p50());
    ratio(name + " p95 (ms)", r -> stats.apply(r).p95());
    ratio(name + " max (ms)", r -> stats.apply(r).max());
  }

  private void ratio(String name, ToDoubleFunction<RunSummary> value) {
    out.printf("%-42s", name);
    runs.forEach(r -> out.printf(column, num(value.applyAsDouble(r))));
    if (runs.size() == 2) {
      double a = value.applyAsDouble(runs.get(0));
      double b = value.applyAsDouble(runs.get(1));
      out.printf("%10s", b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "-");
    }
    out.println();
  }

  private void row(String name, Function<RunSummary, String> value) {
    out.printf("%-42s", name);
    runs.forEach(r -> out.printf(column, value.apply(r)));
    out.println();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
