package io.vstack.cli;

import io.vstack.model.config.InvalidConfig;
import io.vstack.workload.ScenarioFiles;
import java.nio.file.Path;

/** A command's SCENARIO argument: a scenario file, or the name of a scenario shipped in {@code conf/scenarios}. */
final class ScenarioArgument {
  private ScenarioArgument() {
  }

  /** The file {@code arg} stands for; neither a file nor a shipped scenario is bad input listing the shipped ones. */
  static Path file(String arg) {
    try {
      return ScenarioFiles.resolve(ConfDir.find(), arg);
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
  }
}
