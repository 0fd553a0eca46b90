package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
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

  @Test
  public void everyCommandAndSubcommandPrintsItsUsageOnHelpAndExitsZero() {
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
    }
  }
}
