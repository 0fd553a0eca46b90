package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;
import picocli.CommandLine;

public class HelpEverywhereTest extends JUnitSuite {

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(path);
    command.getSubcommands().forEach((name, sub) -> {
      if (!name.equals(sub.getCommandName())) {
        return;
      }
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      collect(sub, deeper, into);
    });
  }

  /**
   * Also catches picocli's own warnings, which it prints to System.err and not to the command's writer: a
   * description with a bare percent sign is a bad format string, and picocli then warns on every --help.
   */
  @Test
  public void everyCommandAndSubcommandPrintsItsUsageOnHelpAndExitsZero() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream picocli = new ByteArrayOutputStream();
    System.setErr(new PrintStream(picocli, true, StandardCharsets.UTF_8));
    try {
      everyCommandsHelp(picocli);
    } finally {
      System.setErr(stderr);
    }
  }

  private static void everyCommandsHelp(ByteArrayOutputStream picocli) {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new Main()), List.of(), commands);
    assertTrue("the walk found the subcommands: " + commands, commands.size() > 20);
    for (List<String> path : commands) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
      String name = String.join(" ", args);
      assertEquals(name + " exits 0; stderr: " + err, 0, code);
      assertTrue(name + " prints its usage on stdout: " + out, out.toString().contains(("Usage: vstack " + String.join(" ", path)).trim()));
      assertEquals(name + " writes nothing to stderr", "", err.toString());
      assertEquals(name + " makes picocli warn about nothing", "", picocli.toString(StandardCharsets.UTF_8));
    }
  }
}
