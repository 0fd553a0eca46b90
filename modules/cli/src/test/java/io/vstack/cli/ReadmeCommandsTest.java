package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;
import picocli.CommandLine;

/**
 * Every {@code ./vstack ...} command the README shows (in its code blocks, with or without a {@code $} prompt) names a
 * real command with real options: the README's commands are parsed by the very command line the launcher runs, so
 * renaming a command or an option without updating the README fails here. (ReadmeExamplesTest runs them.)
 */
public class ReadmeCommandsTest extends JUnitSuite {

  private static final Path README = Path.of("../../README.md");

  @Test
  public void everyVstackCommandInTheReadmeParses() throws IOException {
    List<String> commands = commands(Files.readAllLines(README));
    assertTrue("the README shows vstack commands: " + commands, commands.size() >= 30);
    List<String> broken = new ArrayList<>();
    for (String command : commands) {
      try {
        new CommandLine(new Main()).parseArgs(words(command).toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        broken.add(command + "  ->  " + e.getMessage());
      }
    }
    assertEquals(String.join("\n", broken), List.of(), broken);
  }

  @Test
  public void commandsAreReadAcrossContinuationLinesWithoutPromptsCommentsOrPipes() {
    List<String> commands = commands(List.of("```bash", "$ ./vstack run --set a=1 \\", "    --set 'b=2 3'  # note",
        "./vstack runs | grep ck-", "echo ./vstack not-a-command", "```", "./vstack outside-a-block"));
    assertEquals(List.of("run --set a=1 --set 'b=2 3'", "runs"), commands);
    assertEquals(List.of("run", "--set", "a=1", "--set", "b=2 3"), words(commands.get(0)));
  }

  /** The arguments of each {@code ./vstack} command line inside the README's code blocks, as written. */
  static List<String> commands(List<String> lines) {
    List<String> commands = new ArrayList<>();
    boolean inBlock = false;
    StringBuilder pending = null;
    for (String raw : lines) {
      if (raw.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock) {
        continue;
      }
      String line = withoutComment(raw).strip();
      if (pending == null) {
        line = line.startsWith("$ ") ? line.substring(2) : line;
        // Usage lines show optional parts in brackets and "..." for the rest: they are synopses, not commands.
        if (!line.startsWith("./vstack ") || line.contains("[") || line.contains("...")) {
          continue;
        }
        pending = new StringBuilder(line.substring("./vstack ".length()));
      } else {
        pending.append(' ').append(line);
      }
      if (pending.toString().endsWith("\\")) {
        pending.setLength(pending.length() - 1);
        pending = new StringBuilder(pending.toString().strip());
        continue;
      }
      String command = pending.toString();
      int pipe = command.indexOf(" | ");
      commands.add((pipe < 0 ? command : command.substring(0, pipe)).strip());
      pending = null;
    }
    return commands;
  }

  /** {@code line} without a shell comment ({@code #} after a blank, outside quotes). */
  private static String withoutComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == '#' && !quoted && (i == 0 || line.charAt(i - 1) == ' ')) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** A command split into words as a shell would (blanks separate, single quotes group). */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : command.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }
}
