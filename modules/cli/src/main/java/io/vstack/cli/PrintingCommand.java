package io.vstack.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that prints its result to the command line's output, flushed when it returns. Picocli injects the spec
 * here, so a subcommand needs no reference to its parent only to reach the output: the root's writers are every
 * subcommand's.
 */
abstract class PrintingCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int code = print(out);
    out.flush();
    return code;
  }

  /** Prints the command's result to {@code out}; returns the exit code. */
  abstract int print(PrintWriter out) throws Exception;
}
