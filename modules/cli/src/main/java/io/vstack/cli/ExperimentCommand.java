package io.vstack.cli;

import io.vstack.cli.run.RunDirectory;
import io.vstack.model.config.InvalidConfig;
import io.vstack.workload.experiment.Experiment;
import io.vstack.workload.experiment.ExperimentReport;
import io.vstack.workload.experiment.ExperimentResult;
import io.vstack.workload.experiment.Experiments;
import io.vstack.workload.experiment.Sweep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vstack experiment}: the paper's micro-benchmarks, each a sweep of scenario runs with CSV and charts. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run a named experiment: a sweep of scenarios, written as CSV, SVG charts and index.html.")
public final class ExperimentCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "experiment to run (see --list)")
  private String name;

  @Option(names = "--list", description = "list the experiments")
  private boolean list;

  @Option(names = "--quick", description = "reduced sizes (seconds instead of minutes)")
  private boolean quick;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "scenario override applied to every run")
  private List<String> overrides = new ArrayList<>();

  @Mixin
  private CostModelOption costModel;

  @Option(names = "--out", paramLabel = "DIR", description = "result directory (default: runs/experiment-<name>)")
  private Path out;

  @Option(names = "--jobs", paramLabel = "N", description = "simulations run at once (default: one per core)")
  private Integer jobs;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter printer = spec.commandLine().getOut();
    if (list || name == null) {
      Experiments.all().forEach(e -> printer.printf("%-22s %s%n", e.name(), e.description()));
      printer.flush();
      return list ? 0 : 2;
    }
    Experiment experiment = Experiments.named(name).orElseThrow(() -> new InputError("no experiment named '" + name
        + "'; known: " + Experiments.all().stream().map(Experiment::name).collect(Collectors.joining(", "))));
    if (out != null) {
      RunDirectory.refuseExisting(out);
    }
    int parallel = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (parallel <= 0) {
      throw new InputError("--jobs must be > 0, was " + parallel);
    }
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), experiment.name(), ProgressBar.stderrIsTerminal());
    Sweep sweep = new Sweep(ConfDir.find(), costModel.file(), overrides, parallel, quick, bar::update);
    RunDirectory dir = RunDirectory.create(out != null ? out : Path.of("runs", "experiment-" + experiment.name()),
        out == null);
    try {
      ExperimentResult result = experiment.run(sweep);
      ExperimentReport.write(dir.staging(), result);
      ExperimentReport.print(printer, result);
      printer.printf("%nresults: %s (CSV, SVG charts, index.html)%n", dir.commit());
      printer.flush();
      return 0;
    } catch (InvalidConfig e) {
      dir.abandon();
      throw new InputError(e.getMessage());
    } catch (RuntimeException e) {
      dir.abandon();
      throw e;
    }
  }
}
