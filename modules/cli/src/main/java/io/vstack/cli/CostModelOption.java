package io.vstack.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cost-model}, a picocli mixin of the commands that run scenarios: one flag, one help text. */
final class CostModelOption {

  @Option(names = "--cost-model", paramLabel = "FILE",
      description = "cost model to use instead of conf/cost-model.conf (e.g. one written by vstack calibrate)")
  private Path file;

  /** The cost model file given, or null for conf/cost-model.conf. */
  Path file() {
    return file;
  }
}
