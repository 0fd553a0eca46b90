package io.vstack.model;

import io.vstack.model.config.CostModel;
import io.vstack.model.config.Scenario;
import java.nio.file.Path;
import java.util.List;

/** The project's conf/ as seen from the model module's test working directory. */
public final class TestConf {
  public static final Path DIR = Path.of("../../conf");

  private TestConf() {
  }

  /** The default scenario with {@code overrides} ({@code key=value}, as on the command line). */
  public static Scenario scenario(String... overrides) {
    return Scenario.load(DIR, null, List.of(overrides));
  }

  /** The cost model of conf/cost-model.conf with {@code overrides}. */
  public static CostModel cost(String... overrides) {
    return scenario(overrides).cost();
  }
}
