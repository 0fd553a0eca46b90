package io.vstack.workload;

import io.vstack.model.config.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the shipped default scenario with overrides, for tests. */
final class Scenarios {
  static final Path CONF = Path.of("../../conf");

  private Scenarios() {
  }

  static Scenario of(String... overrides) {
    return Scenario.load(CONF, null, new ArrayList<>(List.of(overrides)));
  }
}
