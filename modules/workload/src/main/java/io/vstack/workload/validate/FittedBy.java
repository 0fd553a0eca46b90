package io.vstack.workload.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which validation points each number of {@code conf/cost-model.conf} and {@code conf/hosts.conf} was fitted to, read
 * from the {@code # fitted-by: id, id} (or {@code # fitted-by: none}) comment line in the comments just above it.
 * Kept as comments so the model's own reading of those files is unchanged.
 */
public record FittedBy(Map<String, List<String>> parameters, List<String> unannotated) {

  /** The files whose numbers must say what fitted them. */
  public static final List<String> FILES = List.of("cost-model.conf", "hosts.conf");

  private static final Pattern SECTION = Pattern.compile("^\\s*([A-Za-z0-9-]+)\\s*\\{\\s*$");
  private static final Pattern VALUE = Pattern.compile("^\\s*([A-Za-z0-9-]+)\\s*=\\s*(\\S.*)$");
  private static final Pattern FITTED = Pattern.compile("^\\s*#\\s*fitted-by:\\s*(.*)$");

  public static FittedBy read(Path confDir) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    List<String> unannotated = new ArrayList<>();
    for (String file : FILES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(confDir.resolve(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Deque<String> path = new ArrayDeque<>();
      List<String> fitted = null;
      for (String line : lines) {
        Matcher f = FITTED.matcher(line);
        Matcher section = SECTION.matcher(line);
        Matcher value = VALUE.matcher(line);
        if (f.matches()) {
          fitted = ids(f.group(1));
        } else if (line.trim().startsWith("#")) {
          continue;
        } else if (section.matches()) {
          path.addLast(section.group(1));
          fitted = null;
        } else if (line.trim().equals("}")) {
          path.removeLast();
          fitted = null;
        } else if (value.matches()) {
          String key = String.join(".", path) + "." + value.group(1);
          // Only numbers are fitted; a host's description is prose.
          if (Character.isDigit(value.group(2).charAt(0))) {
            if (fitted == null) {
              unannotated.add(file + ": " + key);
            } else {
              parameters.put(key, fitted);
            }
          }
          fitted = null;
        } else {
          fitted = null;
        }
      }
    }
    return new FittedBy(parameters, List.copyOf(unannotated));
  }

  /** Parameters fitted to point {@code id}, in file order. */
  public List<String> fittedTo(String id) {
    return parameters.entrySet().stream().filter(e -> e.getValue().contains(id)).map(Map.Entry::getKey).toList();
  }

  private static List<String> ids(String text) {
    String t = text.trim();
    if (t.equals("none")) {
      return List.of();
    }
    return Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
