package io.vstack.cli;

import io.vstack.workload.vmtrace.SyntheticAzureTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vstack sample-trace}: writes a synthetic trace in the Azure vmtable.csv schema. */
@Command(name = "sample-trace", mixinStandardHelpOptions = true,
    description = "Write a synthetic VM trace in the Azure Public Dataset V2 vmtable.csv schema.")
public final class SampleTraceCommand implements Callable<Integer> {

  @Option(names = "--vms", defaultValue = "2000", description = "VMs (default: ${DEFAULT-VALUE})")
  private int vms;

  @Option(names = "--days", defaultValue = "2", description = "days covered (default: ${DEFAULT-VALUE})")
  private int days;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "file to write")
  private Path out;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (vms <= 0 || days <= 0) {
      throw new InputError("--vms and --days must be > 0");
    }
    List<String> lines = SyntheticAzureTrace.generate(vms, days, seed);
    try {
      AtomicFile.create("--out", out, ".sample-trace", ".csv", temp -> Files.write(temp, lines));
    } catch (IOException e) {
      throw new UncheckedIOException("writing the sample trace " + out, e);
    }
    spec.commandLine().getOut().printf("wrote %d VMs over %d days to %s%n", lines.size(), days, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
