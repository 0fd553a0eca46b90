package io.vstack.model.config;

import java.util.regex.Pattern;

/**
 * Names and ids that become a file or directory name (a scenario's name, a run id): letters, digits, '.', '_' and
 * '-', not empty and not starting with '.', so that none can climb out of its directory, hide, or name it.
 */
public final class Names {
  /** The allowed form, as error messages state it. */
  public static final String RULE = "one or more of A-Z a-z 0-9 . _ -, not starting with '.'";

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

  private Names() {
  }

  public static boolean valid(String name) {
    return ALLOWED.matcher(name).matches() && !name.startsWith(".");
  }
}
