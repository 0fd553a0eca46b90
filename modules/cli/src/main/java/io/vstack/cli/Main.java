package io.vstack.cli;

import io.vstack.cli.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code vstack} command. */
@Command(name = "vstack", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Deterministic actor model of Xen guest creation and destruction.",
    subcommands = {RunCommand.class, ExperimentCommand.class, BenchCommand.class, SampleTraceCommand.class,
        CalibrateCommand.class, TraceCommand.class, ClusterCommand.class, RunsCommand.class, ChaosCommand.class,
        ValidateCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 run failed, 2 bad input. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, writing results to {@code out} and errors to {@code err}. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof InputError) {
        cmd.getErr().println("vstack: " + e.getMessage());
        return 2;
      }
      cmd.getErr().println("vstack: run failed: " + e.getMessage());
      e.printStackTrace(cmd.getErr());
      return 1;
    });
    cli.setExitCodeExceptionMapper(e -> 2);
    return cli.execute(args);
  }
}
