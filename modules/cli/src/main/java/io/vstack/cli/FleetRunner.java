package io.vstack.cli;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vstack.cli.run.ResultFiles;
import io.vstack.cli.run.RunDirectory;
import io.vstack.engine.Executor;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.model.config.InvalidConfig;
import io.vstack.workload.fleet.CloudController;
import io.vstack.workload.fleet.FleetRun;
import io.vstack.workload.fleet.FleetScenario;
import io.vstack.workload.fleet.FleetSpec;
import io.vstack.workload.fleet.FleetSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code vstack run} of a fleet scenario (one with a {@code fleet} section), on this JVM or on a cluster
 * ({@link ClusterRun}): one configuration, the fleet's summary on stdout, and a run directory with
 * {@code summary.json} and {@code vms.csv} (byte-identical on every executor and on a cluster) and
 * {@code run-info.json}. It is recorded in the run catalogue and checkpointed like any run ({@code --resume}
 * continues it); fleet runs are not traced.
 */
public final class FleetRunner {
  private static final CsvMapper CSV = new CsvMapper();
  private static final List<String> COLUMNS = List.of("vm", "requested_s", "memory_mib", "vcpus", "status", "host",
      "attempts", "running_s", "boot_ms", "failure", "moved_s", "rerun_s", "group");

  private FleetRunner() {
  }

  /** Loads fleet scenario {@code file} with {@code settings}; a configuration error is the user's. */
  public static FleetScenario load(Path file, List<String> settings, Path costModel) {
    try {
      return FleetScenario.load(ConfDir.find(), file, settings, costModel, ConfDir.find().toAbsolutePath()
          .getParent());
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
  }

  /** Prints what fleet {@code scenario} is, before it runs (or resumes). */
  public static void header(FleetScenario scenario, PrintWriter printer) {
    String designs = scenario.hostGroups().stream().map(g -> scenario.hostGroups().size() == 1 ? g.name()
        : g.name() + " x" + g.hosts()).collect(Collectors.joining(" + "));
    printer.printf("fleet %s: %d hosts (%s, %s), %d VMs%s, control-network latency %.3f ms%n",
        scenario.host().name(), scenario.fleet().hosts(), scenario.host().host().name(), designs,
        scenario.vms().size(), scenario.fleet().groups().isEmpty() ? ""
            : " from the trace and scaling groups " + scenario.fleet().groups().stream().map(FleetSpec.GroupSpec::name)
                .collect(Collectors.joining(", ")), scenario.fleet().latency() / 1e6);
    printer.flush();
  }

  /** Where a fleet runs, as run-info.json and the last line say: the executor, its threads and partitions, why. */
  record Where(String executor, int threads, int partitions, String choice) {
  }

  /**
   * Runs {@code scenario} on {@code engine}'s executor with {@code checkpointing} and writes its results into
   * {@code dir}, committed when complete; true when every host kept its invariants.
   */
  static boolean run(FleetScenario scenario, RunDirectory dir, Engine engine, Checkpointing checkpointing,
      PrintWriter printer, PrintWriter err) {
    Executor executor = engine.configuredExecutor(Engine.Shape.fleet);
    Where where = new Where(executor.name(), engine.threads(), engine.configuredPartitions(Engine.Shape.fleet),
        engine.choice());
    return run(scenario, dir, where,
        checkpointing.resumeFrom() != null, () -> FleetRun.run(scenario, executor, checkpointing), printer, err);
  }

  /** The line of an evacuation or a reboot of {@code hosts} hosts at {@code at}: the VMs it hit and their downtime. */
  private static void disruption(PrintWriter printer, String what, int hosts, long at, String done, FleetSummary s) {
    printer.printf(Locale.ROOT, "%s of %d hosts at %.0f s: %d VMs %s, %d running again; downtime p50 %.3f s, p95 "
        + "%.3f s, max %.3f s%n", what, hosts, at / 1e9, s.moved(), done, s.downtime().count(),
        s.downtime().p50() / 1e3, s.downtime().p95() / 1e3, s.downtime().max() / 1e3);
  }

  /**
   * Runs {@code scenario} as {@code running} does, {@code where} says, and writes its results into {@code dir},
   * committed when complete (the header is printed unless the run is {@code resumed}); true when every host kept
   * its invariants.
   */
  static boolean run(FleetScenario scenario, RunDirectory dir, Where where, boolean resumed,
      Supplier<FleetRun> running, PrintWriter printer, PrintWriter err) {
    if (!resumed) {
      header(scenario, printer);
    }
    long start = System.nanoTime();
    FleetRun run = running.get();
    double wall = (System.nanoTime() - start) / 1e9;
    FleetSummary s = run.summary();
    ResultFiles.json(dir.staging().resolve("summary.json"), ResultFiles.summary(run.result(), s, run.violations()));
    writeVms(dir.staging().resolve("vms.csv"), run.model().controller().outcomes());
    ResultFiles.json(dir.staging().resolve("run-info.json"), ResultFiles.info(where.executor(), where.threads(),
        where.partitions(), List.of(wall)));
    Path written = dir.commit();
    printer.printf(Locale.ROOT, "VMs %d: ran %d, failed %d %s, builds rescheduled %d%n", s.vms(), s.ran(),
        s.failed(), s.failures(), s.retries());
    printer.printf(Locale.ROOT, "request to running: p50 %.3f s, p95 %.3f s, max %.3f s%n", s.boot().p50() / 1e3,
        s.boot().p95() / 1e3, s.boot().max() / 1e3);
    printer.printf(Locale.ROOT, "image fetches %d; VMs per host %d to %d%n", s.imageFetches(), s.fewestPerHost(),
        s.mostPerHost());
    if (!scenario.fleet().hostGroups().isEmpty()) {
      for (FleetSummary.HostGroupSummary g : s.hostGroups()) {
        printer.printf(Locale.ROOT, "  %s (%d hosts): placed %d, ran %d, request to running p50 %.3f s, p95 %.3f s%s%n",
            g.name(), g.hosts(), g.placed(), g.ran(), g.boot().p50() / 1e3, g.boot().p95() / 1e3,
            g.downtime().count() == 0 ? "" : String.format(Locale.ROOT, "; downtime of %d moved or restarted p50 "
                + "%.3f s, p95 %.3f s", g.downtime().count(), g.downtime().p50() / 1e3, g.downtime().p95() / 1e3));
      }
    }
    FleetSpec.EvacuateSpec evacuate = scenario.fleet().evacuate();
    FleetSpec.RebootSpec reboot = scenario.fleet().reboot();
    if (evacuate.hosts() > 0) {
      disruption(printer, "evacuation", evacuate.hosts(), evacuate.at(), "moved", s);
    }
    if (reboot.hosts() > 0) {
      disruption(printer, "reboot", reboot.hosts(), reboot.at(), "restarted", s);
    }
    for (FleetSummary.Group g : s.groups()) {
      printer.printf(Locale.ROOT, "group %s: %d VMs asked for in %d scale-outs, %d deleted, %d failed; SLO violated "
              + "%.0f s, dropped %.0f requests, over-provisioned %.0f VM-s; time to capacity p50 %.3f s, p95 %.3f s "
              + "(%d of %d scale-outs reached it)%n", g.name(), g.requested(), g.scaleOuts(), g.deleted(), g.failed(),
          g.violationSeconds(), g.droppedRequests(), g.overProvisionedVmSeconds(), g.timeToCapacity().p50() / 1e3,
          g.timeToCapacity().p95() / 1e3, g.timeToCapacity().count(), g.scaleOuts());
    }
    printer.printf(Locale.ROOT, "%nresults: %s  (events %,d, wall %.2f s, executor %s)%n", written,
        run.result().events(), wall, where.executor());
    printer.println(where.choice());
    printer.flush();
    run.violations().forEach(v -> err.println("vstack: invariant violated: " + v));
    err.flush();
    return run.violations().isEmpty();
  }

  private static void writeVms(Path file, List<CloudController.VmOutcome> outcomes) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    COLUMNS.forEach(schema::addColumn);
    List<List<String>> rows = new ArrayList<>();
    for (CloudController.VmOutcome o : outcomes) {
      boolean ran = o.runningAt() >= 0;
      rows.add(List.of(o.vm().name(), seconds(o.vm().createAt()), Long.toString(o.vm().memoryMib()),
          Integer.toString(o.vm().vcpus()), o.status().name(), o.host() < 0 ? "" : Integer.toString(o.host()),
          Integer.toString(o.attempts()), ran ? seconds(o.runningAt()) : "",
          ran ? String.format(Locale.ROOT, "%.3f", (o.runningAt() - o.vm().createAt()) / 1e6) : "", o.failure(),
          o.movedAt() < 0 ? "" : seconds(o.movedAt()), o.rerunAt() < 0 ? "" : seconds(o.rerunAt()), o.group()));
    }
    try {
      CSV.writer(schema.build()).writeValue(file.toFile(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
  }
}
