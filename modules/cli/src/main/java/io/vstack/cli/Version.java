package io.vstack.cli;

import java.io.IOException;
import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version and, when run from a git checkout, its commit. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"vstack " + (version == null ? "development build" : version) + commit()};
  }

  private static String commit() {
    String home = System.getProperty("vstack.home", ".");
    try {
      Process git = new ProcessBuilder("git", "-C", home, "rev-parse", "--short", "HEAD").redirectErrorStream(true)
          .start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 && out.matches("[0-9a-f]{4,40}") ? " (git " + out + ")" : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
