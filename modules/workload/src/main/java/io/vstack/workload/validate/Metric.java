package io.vstack.workload.validate;

import io.vstack.model.config.ConfigReader;
import io.vstack.model.results.RunSummary;
import io.vstack.model.results.Stats;
import io.vstack.workload.ScenarioRun;

/**
 * A model output a published value is compared with, in its dimension's base unit: seconds for latencies, GB/s
 * (10^9 bytes per second) for throughput.
 */
public enum Metric implements ConfigReader.Spelled {
  /** Median time from an {@code xl create} request until it returned (the guest unpaused). */
  create_latency_p50("create-latency-p50", Unit.Dimension.time),
  /** Median time from an {@code xl create} request until the guest's kernel has booted. */
  boot_latency_p50("boot-latency-p50", Unit.Dimension.time),
  /** Longest time from an {@code xl destroy} request until it returned. */
  destroy_latency_max("destroy-latency-max", Unit.Dimension.time),
  /** Bytes zeroed over the longest destroy's scrub phase: how fast the host scrubbed a dying guest's memory. */
  scrub_throughput("scrub-throughput", Unit.Dimension.rate);

  private final String spelling;
  private final Unit.Dimension dimension;

  Metric(String spelling, Unit.Dimension dimension) {
    this.spelling = spelling;
    this.dimension = dimension;
  }

  @Override
  public String spelling() {
    return spelling;
  }

  public Unit.Dimension dimension() {
    return dimension;
  }

  /** This metric of {@code run}; fails when the run has nothing to measure (e.g. every creation failed). */
  public double of(ScenarioRun run) {
    RunSummary s = run.summary();
    return switch (this) {
      case create_latency_p50 -> seconds(s.create(), "successful creation").p50() / 1e3;
      case boot_latency_p50 -> seconds(s.boot(), "booted guest").p50() / 1e3;
      case destroy_latency_max -> seconds(s.destroy(), "successful destruction").max() / 1e3;
      case scrub_throughput -> {
        double scrubSeconds = seconds(s.scrub(), "scrubbing destruction").max() / 1e3;
        double bytes = (double) (s.scrubbedLocalPages() + s.scrubbedRemotePages())
            * run.scenario().cost().pageKib() * 1024;
        if (scrubSeconds <= 0) {
          throw new IllegalStateException(run.scenario().name() + ": no scrub time to measure a throughput over");
        }
        yield bytes / 1e9 / scrubSeconds;
      }
    };
  }

  private Stats seconds(Stats stats, String what) {
    if (stats.count() == 0) {
      throw new IllegalStateException("no " + what + " in the run to measure " + spelling + " on");
    }
    return stats;
  }
}
