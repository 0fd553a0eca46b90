package io.vstack.model.config;

import static org.junit.Assert.assertTrue;

import io.vstack.model.TestConf;
import java.util.List;
import org.junit.Assert;

/** What the config tests check of a rejected scenario: that it is rejected, and what its message names. */
final class ConfigErrors {
  private ConfigErrors() {
  }

  /** The message of the error the default scenario with {@code overrides} is rejected with. */
  static String rejected(String... overrides) {
    return Assert.assertThrows(InvalidConfig.class, () -> Scenario.load(TestConf.DIR, null, List.of(overrides)))
        .getMessage();
  }

  static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue("'" + message + "' should mention '" + part + "'", message.contains(part));
    }
  }
}
