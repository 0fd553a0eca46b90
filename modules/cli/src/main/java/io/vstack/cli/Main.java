package io.vstack.cli;

import io.vstack.cli.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code vstack} command. */
@Command(name = "vstack", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Deterministic actor model of Xen guest creation and destruction.",
    subcommands = {RunCommand.class, ExperimentCommand.class, BenchCommand.class, SampleTraceCommand.class,
        CalibrateCommand.class, TraceCommand.class, ClusterCommand.class, RunsCommand.class, ChaosCommand.class,
        ValidateCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  @Option(names = "--debug", description = "on an error, also print its Java stack trace")
  private boolean debug;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 run failed, 2 bad input. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, writing results to {@code out} and errors to {@code err}. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> Failure.report(e, main.debug, cmd.getErr()));
    cli.setExitCodeExceptionMapper(e -> 2);
    return cli.execute(args);
  }
}
