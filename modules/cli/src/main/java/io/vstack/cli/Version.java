package io.vstack.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's implementation version. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"vstack " + (version == null ? "development build" : version)};
  }
}
