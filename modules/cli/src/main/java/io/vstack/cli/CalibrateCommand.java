package io.vstack.cli;

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
    description = {"Fit cost-model parameters to measured phase durations; write a new cost-model file.",
        "MEASUREMENTS: CSV with header phase,guest_memory_mib,running_guests,duration_ms; phases: parse, build, "
            + "populate, name_check, vif_hotplug, vbd_hotplug, kernel_boot, scrub_local, scrub_remote."})
public final class CalibrateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "MEASUREMENTS", description = "measured phase durations (CSV)")
  private Path measurements;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "cost-model file to write")
  private Path out;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Path base = ConfDir.find().resolve("cost-model.conf");
    Scenario current;
    try {
      current = Scenario.load(ConfDir.find(), null, List.of());
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
    List<Calibration.Fit> fits;
    try {
      fits = Calibration.fit(measurements, current.cost());
    } catch (Calibration.BadMeasurements e) {
      throw new InputError(e.getMessage());
    }
    try {
      String text = Calibration.rewrite(Files.readString(base), fits, measurements.getFileName().toString());
      AtomicFile.create("--out", out, ".cost-model", ".conf", temp -> {
        Files.writeString(temp, text);
        Scenario.load(ConfDir.find(), null, List.of(), temp);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("writing the cost model " + out, e);
    }
    PrintWriter printer = spec.commandLine().getOut();
    fits.forEach(f -> printer.printf("%-28s %-12s %s%n", "cost." + f.section() + "." + f.key(), f.value(), f.how()));
    printer.printf("wrote %s; use it with --cost-model %s%n", out, out);
    printer.flush();
    return 0;
  }
}
