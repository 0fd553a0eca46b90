package io.vstack.model.config;

import static io.vstack.model.config.ConfigErrors.assertMentions;
import static io.vstack.model.config.ConfigErrors.rejected;
import static org.junit.Assert.assertEquals;

import io.vstack.model.TestConf;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** The switch that places the backend directories of a sharded Xenstore: with the guests, or in dom0's subtree. */
public class ShardedXenstoreConfigTest extends JUnitSuite {

  @Test
  public void backendsSitWithTheirGuestsUnlessSaidOtherwise() {
    assertEquals(Switches.BackendPlacement.with_guest, TestConf.scenario().switches().backends());
    assertEquals(Switches.BackendPlacement.in_dom0,
        TestConf.scenario("xenstore.backends=in-dom0", "xenstore.shards=4").switches().backends());
    assertEquals("the label does not change: shards never showed in it", "stock",
        TestConf.scenario("xenstore.backends=in-dom0", "xenstore.shards=4").switches().label());
    assertEquals("the comparison of fixes keeps it", Switches.BackendPlacement.in_dom0,
        TestConf.scenario("xenstore.backends=in-dom0").switches().withFixes(true, true, true).backends());
  }

  @Test
  public void anUnknownPlacementListsTheAllowedValues() {
    assertMentions(rejected("xenstore.backends=dom0"), "scenario.xenstore.backends", "'dom0'",
        "with-guest, in-dom0");
    assertMentions(rejected("xenstore.backend=in-dom0"), "scenario.xenstore.backend", "is not a known key",
        "backends, cache, conflict, shards");
  }

  @Test
  public void xenopsdWithBackendsInDom0IsRefusedNamingTheWayOut() {
    assertMentions(rejected("toolstack.kind=xenopsd", "xenstore.backends=in-dom0"), "scenario.xenstore.backends",
        "in-dom0", "xl only", "xenstore.backends = with-guest");
  }
}
