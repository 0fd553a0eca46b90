package io.vstack.cli;

import io.vstack.model.calibrate.CalibratedFile;
import io.vstack.model.calibrate.Calibration;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vstack calibrate}: fits the cost model to measured phase durations and writes a new cost-model file. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Fit cost-model parameters and one host's memory bandwidths to measured phase durations; write a "
        + "new cost-model file (never over an existing one).",
        "MEASUREMENTS: CSV with header phase,guest_memory_mib,running_guests,duration_ms. Phases (duration_ms of):",
        "  parse, build, populate, name_check, vif_hotplug, vbd_hotplug, kernel_boot: those steps of xl create;",
        "  scrub_local: one CPU scrubbing its own node's memory (fits cost.scrub.gib-per-second);",
        "  scrub_node: every CPU of a node other than 0 scrubbing that node's memory (the host's "
            + "memory-bandwidth-gbps, if below that many cores' rate);",
        "  scrub_remote: one CPU scrubbing another node's memory (the host's interconnect-gbps, if below one core's "
            + "rate);",
        "  release: xl destroy with idle scrubbing (cost.hypervisor.release-per-gib);",
        "  device_model_spawn, device_model_stop: an HVM guest's qemu starting until running, stopping;",
        "  pygrub: the PV bootloader;",
        "  device_model_cpu: CPU ms per second used by the qemus of running_guests idle HVM guests;",
        "  console_cpu: CPU ms per second xenconsoled uses serving running_guests guests."})
public final class CalibrateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "MEASUREMENTS", description = "measured phase durations (CSV)")
  private Path measurements;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "cost-model file to write; must not exist")
  private Path out;

  @Option(names = "--host", paramLabel = "NAME",
      description = "host of conf/hosts.conf whose bandwidths scrub_node and scrub_remote fit (default: the "
          + "default scenario's)")
  private String host;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    AtomicFile.refuseExisting("--out", out);
    if (!Files.isDirectory(out.toAbsolutePath().getParent())) {
      throw new InputError(out + ": no such directory " + out.toAbsolutePath().getParent());
    }
    List<String> overrides = host == null ? List.of() : List.of("host=" + host);
    Path conf = ConfDir.find();
    Scenario current;
    try {
      current = Scenario.load(conf, null, overrides);
    } catch (InvalidConfig e) {
      throw new InputError(host == null ? e.getMessage() : "--host " + host + ": " + e.getMessage());
    }
    List<Calibration.Fit> fits;
    try {
      fits = Calibration.fit(measurements, current.cost(), current.host());
    } catch (Calibration.BadMeasurements e) {
      throw new InputError(e.getMessage());
    }
    write(conf, overrides, fits);
    PrintWriter printer = spec.commandLine().getOut();
    int width = fits.stream().mapToInt(f -> f.path().length()).max().orElse(0);
    fits.forEach(f -> printer.printf("%-" + width + "s  %-9s  %s%n", f.path(), f.value(), f.how()));
    printer.printf("wrote %s; use it with --cost-model %s%n", out, out);
    printer.flush();
    return 0;
  }

  /** Writes the calibrated file, checked by loading it as the cost model; nothing is left behind on failure. */
  private void write(Path conf, List<String> overrides, List<Calibration.Fit> fits) {
    try {
      String text = CalibratedFile.of(Files.readString(conf.resolve("cost-model.conf")), fits,
          measurements.getFileName().toString());
      AtomicFile.create("--out", out, ".cost-model", ".conf", temp -> {
        Files.writeString(temp, text);
        Scenario.load(conf, null, overrides, temp);
      });
    } catch (InvalidConfig e) {
      throw new InputError("the fitted values do not make a valid cost model: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the cost model " + out, e);
    }
  }
}
