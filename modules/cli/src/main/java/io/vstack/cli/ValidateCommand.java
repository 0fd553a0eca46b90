package io.vstack.cli;

import io.vstack.cli.run.RunDirectory;
import io.vstack.model.config.InvalidConfig;
import io.vstack.workload.validate.FittedBy;
import io.vstack.workload.validate.Outcome;
import io.vstack.workload.validate.Validation;
import io.vstack.workload.validate.ValidationReport;
import io.vstack.workload.validate.ValidationSuite;
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
import picocli.CommandLine.Spec;

/** {@code vstack validate}: the model against the published measurements of {@code conf/validation}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Run every published measurement of conf/validation through the model; print model vs. real, "
        + "the ratio and pass / known-miss / FAIL, held-out and fitted points apart.",
        "Writes validation.md and validation.csv into a run directory. Exit code 1 if a point fails."})
public final class ValidateCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: runs/validation; an existing "
      + "one is never overwritten)")
  private Path out;

  @Option(names = "--docs", description = "also write docs/validation.md in the repository")
  private boolean docs;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (out != null) {
      RunDirectory.refuseExisting(out);
    }
    Path conf = ConfDir.find();
    ValidationSuite suite;
    FittedBy fitted;
    try {
      suite = ValidationSuite.load(conf);
      fitted = FittedBy.read(conf);
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
    List<Outcome> outcomes = Validation.run(suite);
    String markdown = ValidationReport.markdown(suite, outcomes, fitted);
    RunDirectory dir = RunDirectory.create(out != null ? out : conf.toAbsolutePath().getParent().resolve("runs")
        .resolve("validation"), out == null);
    try {
      Files.writeString(dir.staging().resolve("validation.md"), markdown);
      Files.writeString(dir.staging().resolve("validation.csv"), ValidationReport.csv(outcomes));
      if (docs) {
        AtomicFile.write(conf.toAbsolutePath().getParent().resolve("docs").resolve("validation.md"), ".validation",
            ".md", temp -> Files.writeString(temp, markdown));
      }
    } catch (IOException e) {
      dir.abandon();
      throw new UncheckedIOException(e);
    }
    Path written = dir.commit();
    PrintWriter printer = spec.commandLine().getOut();
    printer.print(ValidationReport.text(outcomes));
    printer.println("results: " + written + (docs ? " and docs/validation.md" : ""));
    printer.flush();
    return outcomes.stream().allMatch(o -> o.verdict().ok()) ? 0 : 1;
  }
}
