package io.vstack.chaos;

import io.vstack.model.config.Scenario;
import java.nio.file.Path;
import java.util.List;

/** The shipped defaults with overrides, for the chaos tests. */
final class Scenarios {
  private Scenarios() {
  }

  static Scenario of(String... overrides) {
    return Scenario.load(Path.of("../conf"), null, List.of(overrides));
  }
}
