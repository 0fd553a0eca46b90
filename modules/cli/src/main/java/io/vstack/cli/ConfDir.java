package io.vstack.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code conf/} is: under {@code -Dvstack.home} (set by the launcher), else in the working directory. */
public final class ConfDir {
  private ConfDir() {
  }

  public static Path find() {
    String home = System.getProperty("vstack.home");
    Path conf = home == null ? Path.of("conf") : Path.of(home, "conf");
    if (!Files.isDirectory(conf)) {
      throw new InputError(conf.toAbsolutePath() + ": no such directory; run vstack through ./vstack or from the "
          + "repository root");
    }
    return conf;
  }
}
