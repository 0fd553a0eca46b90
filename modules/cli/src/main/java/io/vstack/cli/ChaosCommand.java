package io.vstack.cli;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.workload.chaos.ChaosRun;
import io.vstack.workload.chaos.FaultText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vstack chaos}: a seeded random mix of model faults, with the invariants checked and a reproducible report. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Inject a seeded random mix of model faults into a scenario, check every invariant, and compare "
        + "with the clean run. The same --seed always injects the same faults.")
public final class ChaosCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "scenario file, or the name of one in "
      + "conf/scenarios (default: conf/scenarios/default.conf)")
  private String scenarioArg;

  @Option(names = "--seed", defaultValue = "1", description = "chaos seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--faults", defaultValue = "5", description = "faults to inject (default: ${DEFAULT-VALUE})")
  private int count;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "scenario override")
  private List<String> overrides = new ArrayList<>();

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (count < 0) {
      throw new InputError("--faults must be >= 0, was " + count);
    }
    Scenario scenario;
    try {
      scenario = Scenario.load(ConfDir.find(), scenarioArg == null ? null : ScenarioArgument.file(scenarioArg),
          overrides);
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
    ChaosRun chaos = ChaosRun.run(scenario, seed, count, new SequentialExecutor());
    PrintWriter out = spec.commandLine().getOut();
    SummaryTable.header(out, scenario);
    out.printf("chaos seed %d: %d faults%n", seed, chaos.faults().size());
    for (FaultSpec f : chaos.faults()) {
      out.printf(Locale.ROOT, "  at %10.3f ms  %-18s %s%n", f.at() / 1e6, FaultText.type(f), FaultText.target(f));
    }
    new SummaryTable(out, List.of(chaos.clean().summary(), chaos.faulty().summary()),
        List.of("clean", "with faults")).print();
    List<String> violations = chaos.faulty().violations();
    out.printf("%ninvariants: %s%nsequence hash with faults: %016x (repeat with --seed %d to reproduce)%n",
        violations.isEmpty() ? "all hold" : violations.size() + " VIOLATED", chaos.faulty().result().sequenceHash(),
        seed);
    violations.forEach(v -> out.println("  " + v));
    out.flush();
    return violations.isEmpty() ? 0 : 1;
  }
}
