package io.vstack.model.calibrate;

import io.vstack.model.calibrate.Measurements.Measurement;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Fits cost-model parameters, and the memory bandwidths of one host, to a user's measured phase durations.
 *
 * <p>Input: CSV with header {@code phase,guest_memory_mib,running_guests,duration_ms}, one measurement per row (see
 * {@link Measurements}). Phases and what they fit (least squares; a phase with no rows leaves its parameters alone):
 * <ul>
 * <li>{@code parse}: mean → {@code toolstack.parse-config}</li>
 * <li>{@code build}: intercept and slope over GiB → {@code toolstack.build-base}, {@code build-per-gib}</li>
 * <li>{@code populate}: slope over GiB, less the heap-lock share → {@code hypervisor.populate-per-gib}</li>
 * <li>{@code name_check}: slope over running guests = lookups × (per-entry + op + 2 × latency) →
 * {@code xenstore.op}</li>
 * <li>{@code vif_hotplug}, {@code vbd_hotplug}, {@code kernel_boot}: means → the matching keys</li>
 * <li>{@code scrub_local}: one CPU scrubbing its own node's memory; GiB per second of the slope →
 * {@code scrub.gib-per-second}, the one-core ceiling of every memory stream</li>
 * <li>{@code scrub_node}: every CPU of a node other than 0 scrubbing that node's memory (on a one-node host, every
 * CPU that runs no dom0 vCPU), as local scrubbing does; the slope's bytes per second →
 * {@code hosts.HOST.memory-bandwidth-gbps}. The model gives n streams min(core, node / n) each, so the node's
 * bandwidth shows only when the measured rate is below n cores' worth; otherwise it is an error</li>
 * <li>{@code scrub_remote}: one CPU scrubbing only memory of another node (a boot-time scrub with one CPU, or a
 * remote-scrub destroy less the same destroy with idle scrubbing); the slope's bytes per second →
 * {@code hosts.HOST.interconnect-gbps}. One remote stream gets min(core, node, interconnect): identifiable only
 * below both, otherwise an error</li>
 * <li>{@code release}: a whole {@code xl destroy} with idle scrubbing, whose only per-GiB cost is the destroying
 * CPU's walk over the pages; slope over GiB, less the domctl_lock hand-offs between the walk's batches →
 * {@code hypervisor.release-per-gib}</li>
 * <li>{@code device_model_spawn}, {@code device_model_stop} (an HVM guest's qemu starting until it reports running;
 * stopping it at destroy), {@code pygrub} (the bootloader reading a PV guest's kernel): means →
 * {@code device-model.spawn}, {@code device-model.stop}, {@code bootloader.pygrub}</li>
 * <li>{@code device_model_cpu}, {@code console_cpu}: CPU milliseconds per second of wall time used by the qemu
 * processes, or xenconsoled, of {@code running_guests} idle running HVM guests; slope over running guests →
 * {@code device-model.running-per-second}, {@code dom0.console-per-second}</li>
 * </ul>
 */
public final class Calibration {

  /** A measurement file the calibration cannot use; the message names the file and line, or the phase. */
  public static final class BadMeasurements extends RuntimeException {
    public BadMeasurements(String message) {
      super(message);
    }
  }

  /** A fitted value: its full key ({@code cost.…} or {@code hosts.NAME.…}), its HOCON value, how it was found. */
  public record Fit(String path, String value, String how) {
    /** Whether this is a key of a host in {@code conf/hosts.conf} rather than of the cost model. */
    public boolean ofHost() {
      return path.startsWith("hosts.");
    }
  }

  static final List<String> PHASES = List.of("parse", "build", "populate", "name_check", "vif_hotplug",
      "vbd_hotplug", "kernel_boot", "scrub_local", "scrub_node", "scrub_remote", "release", "device_model_spawn",
      "device_model_stop", "pygrub", "device_model_cpu", "console_cpu");

  /**
   * Messages per batch of a destroy's walk besides the walk itself (Scrubbing.walkBatch, batchWalked): the batch's
   * work to the destroying CPU and its end back, domctl_lock asked for again and granted.
   */
  private static final int MESSAGES_PER_RELEASE_BATCH = 4;

  private static final double GIB = 1L << 30;

  private final Map<String, List<Measurement>> byPhase = new TreeMap<>();
  private final CostModel current;
  private final Topology host;
  private final List<Fit> fits = new ArrayList<>();

  private Calibration(List<Measurement> rows, CostModel current, Topology host) {
    rows.forEach(r -> byPhase.computeIfAbsent(r.phase(), k -> new ArrayList<>()).add(r));
    this.current = current;
    this.host = host;
  }

  /** The fits of {@code measurements}, with {@code current} and {@code host} for what a phase's arithmetic needs. */
  public static List<Fit> fit(Path measurements, CostModel current, Topology host) {
    Calibration c = new Calibration(Measurements.read(measurements, PHASES), current, host);
    c.fitToolstack();
    c.fitMemory();
    c.fitDom0();
    return List.copyOf(c.fits);
  }

  private void fitToolstack() {
    mean("parse").ifPresent(m -> add("toolstack.parse-config", ms(m), "mean"));
    overGib("build").ifPresent(l -> {
      add("toolstack.build-base", ms(l[0]), "intercept over guest GiB");
      add("toolstack.build-per-gib", ms(l[1]), "slope over guest GiB");
    });
    overGib("populate").ifPresent(l -> add("hypervisor.populate-per-gib",
        ms(Math.max(0, l[1] - current.heapLockPerGib() / 1e6)), "slope over guest GiB less heap-lock-per-gib"));
    overRunning("name_check").ifPresent(l -> {
      double perDomainMs = l[1] / Math.max(1, current.nameLookupsPerCreate());
      double opMs = perDomainMs - (current.xsPerEntry() + 2 * current.messageLatency()) / 1e6;
      add("xenstore.op", ms(Math.max(0.001, opMs)), "slope over running guests per lookup, less per-entry and two "
          + "message latencies");
    });
    mean("vif_hotplug").ifPresent(m -> add("devices.vif-hotplug", ms(m), "mean"));
    mean("vbd_hotplug").ifPresent(m -> add("devices.vbd-hotplug", ms(m), "mean"));
    mean("kernel_boot").ifPresent(m -> add("guest.kernel-boot", ms(m), "mean"));
  }

  /** One core's rate first: the node's and the interconnect's show only where they are below it. */
  private void fitMemory() {
    Optional<Double> measuredCore = rate("scrub_local");
    measuredCore.ifPresent(r -> add("scrub.gib-per-second", plain(r / GIB), "1 / slope of seconds over GiB"));
    double core = measuredCore.orElse(current.coreBytesPerSecond());
    double node = fitNode(core);
    if (measuredCore.isPresent() && core > node) {
      throw new BadMeasurements(String.format(Locale.ROOT, "scrub_local: one core at %.2f GB/s is faster than the "
          + "node's memory of %s (%.2f GB/s), which the model would hold it to", core / 1e9, host.name(),
          node / 1e9));
    }
    fitInterconnect(Math.min(core, node));
    overGib("release").ifPresent(l -> {
      double handOffsMs = 1024.0 / current.scrubBatchMib() * MESSAGES_PER_RELEASE_BATCH * current.messageLatency()
          / 1e6;
      add("hypervisor.release-per-gib", ms(Math.max(0, l[1] - handOffsMs)), "slope over guest GiB less "
          + "the domctl_lock hand-offs between batches");
    });
  }

  /** The node's bandwidth in bytes per second: fitted if measured (n streams get min(core, node / n) each). */
  private double fitNode(double core) {
    int cores = host.guestPcpusOn(host.nodes() - 1);
    Optional<Double> node = rate("scrub_node");
    node.ifPresent(r -> {
      if (r >= cores * core) {
        throw new BadMeasurements(String.format(Locale.ROOT, "scrub_node: %.2f GB/s is what %d cores of %s reach "
            + "at %.3f GiB/s each (cost.scrub.gib-per-second), so the node's memory is not what limits them and its "
            + "bandwidth cannot be fitted from these rows", r / 1e9, cores, host.name(), core / GIB));
      }
      addHost("memory-bandwidth-gbps", plain(r / 1e9), "GB/s of the slope of seconds over GiB (" + cores
          + " cores, each below its own ceiling)");
    });
    return node.orElse(host.nodeBytesPerSecond());
  }

  /** The interconnect, if measured: one remote stream gets min(core, node, interconnect). */
  private void fitInterconnect(double localLimit) {
    rate("scrub_remote").ifPresent(r -> {
      if (r >= localLimit) {
        throw new BadMeasurements(String.format(Locale.ROOT, "scrub_remote: %.2f GB/s is not below %.2f GB/s, the "
            + "slower of one core (cost.scrub.gib-per-second) and the node's memory: one remote stream runs at the "
            + "slowest of the core, the node and the interconnect, so the interconnect's bandwidth cannot be fitted "
            + "from these rows", r / 1e9, localLimit / 1e9));
      }
      addHost("interconnect-gbps", plain(r / 1e9), "GB/s of the slope of seconds over GiB (one core, below its "
          + "ceiling)");
    });
  }

  private void fitDom0() {
    mean("device_model_spawn").ifPresent(m -> add("device-model.spawn", ms(m), "mean"));
    mean("device_model_stop").ifPresent(m -> add("device-model.stop", ms(m), "mean"));
    mean("pygrub").ifPresent(m -> add("bootloader.pygrub", ms(m), "mean"));
    overRunning("device_model_cpu").ifPresent(l -> add("device-model.running-per-second",
        ms(l[1]), "slope of CPU ms per second over running guests"));
    overRunning("console_cpu").ifPresent(l -> add("dom0.console-per-second", ms(l[1]),
        "slope of CPU ms per second over running guests"));
  }

  /** Bytes per second of {@code phase}'s slope of milliseconds over GiB. */
  private Optional<Double> rate(String phase) {
    return overGib(phase).map(l -> {
      if (l[1] <= 0) {
        throw new BadMeasurements(phase + ": the time does not grow with the memory scrubbed (slope "
            + plain(l[1]) + " ms per GiB)");
      }
      return GIB * 1000 / l[1];
    });
  }

  private void add(String key, String value, String how) {
    fits.add(new Fit("cost." + key, value, how));
  }

  private void addHost(String key, String value, String how) {
    fits.add(new Fit("hosts." + host.name() + "." + key, value, how));
  }

  private Optional<Double> mean(String phase) {
    return Optional.ofNullable(byPhase.get(phase)).map(p -> {
      double mean = p.stream().mapToDouble(Measurement::ms).average().orElseThrow();
      if (!Double.isFinite(mean)) {
        throw new BadMeasurements("phase " + phase + ": the values are too large to average");
      }
      return mean;
    });
  }

  private Optional<double[]> overGib(String phase) {
    return line(phase, Measurement::gib, "sizes");
  }

  private Optional<double[]> overRunning(String phase) {
    return line(phase, Measurement::running, "numbers of running guests");
  }

  /** Least-squares {intercept, slope} of milliseconds over {@code x}, measured at {@code xs}; empty without data. */
  private Optional<double[]> line(String phase, ToDoubleFunction<Measurement> x, String xs) {
    List<Measurement> p = byPhase.get(phase);
    if (p == null) {
      return Optional.empty();
    }
    double mx = p.stream().mapToDouble(x).average().orElseThrow();
    double my = p.stream().mapToDouble(Measurement::ms).average().orElseThrow();
    double sxx = 0;
    double sxy = 0;
    for (Measurement q : p) {
      sxx += (x.applyAsDouble(q) - mx) * (x.applyAsDouble(q) - mx);
      sxy += (x.applyAsDouble(q) - mx) * (q.ms() - my);
    }
    if (sxx == 0) {
      throw new BadMeasurements("phase " + phase + ": needs measurements at two or more different " + xs
          + " to fit a line");
    }
    double slope = sxy / sxx;
    if (!Double.isFinite(slope) || !Double.isFinite(my - slope * mx)) {
      throw new BadMeasurements("phase " + phase + ": the values are too large to fit a line through");
    }
    return Optional.of(new double[] {my - slope * mx, slope});
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.0fus", Math.max(0, value) * 1000);
  }

  private static String plain(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
