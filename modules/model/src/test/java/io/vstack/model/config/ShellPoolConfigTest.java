package io.vstack.model.config;

import static io.vstack.model.config.ConfigErrors.assertMentions;
import static io.vstack.model.config.ConfigErrors.rejected;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.vstack.model.TestConf;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** The shell pool's switches: defaults, labels, the refill arithmetic and every bad value. */
public class ShellPoolConfigTest extends JUnitSuite {

  @Test
  public void thereIsNoPoolByDefault() {
    Switches s = TestConf.scenario().switches();
    assertEquals(ShellPoolSpec.OFF, s.shells());
    assertFalse(s.shells().enabled());
    assertEquals("stock", s.label());
    assertEquals("all fixes", s.withFixes(true, true, true).label());
  }

  @Test
  public void thePoolShowsInTheLabelAndNeedsParallelCreation() {
    Switches s = TestConf.scenario("toolstack.mode=parallel", "toolstack.noxs=on", "toolstack.shell-pool=8")
        .switches();
    assertEquals(new ShellPoolSpec(8, ShellPoolSpec.Refill.eager, 1, true), s.shells());
    assertEquals("parallel+noxs+shell-pool-8", s.label());
    assertEquals("parallel+cache+local-scrub+noxs+shell-pool-8", s.withFixes(true, true, true).label());
    assertFalse("stock xl has no shell pool", s.withFixes(false, false, false).shells().enabled());
    assertEquals("parallel+shell-pool-4-low-water-2-cold", TestConf.scenario("toolstack.mode=parallel",
        "toolstack.shell-pool=4", "toolstack.shell-refill=low-water", "toolstack.shell-low-water=2",
        "toolstack.shell-prefill=off").switches().label());
  }

  @Test
  public void eagerTopsUpAfterEveryShellTakenAndLowWaterOnlyBelowItsThreshold() {
    ShellPoolSpec eager = new ShellPoolSpec(4, ShellPoolSpec.Refill.eager, 1, true);
    ShellPoolSpec lowWater = new ShellPoolSpec(4, ShellPoolSpec.Refill.low_water, 2, true);
    assertEquals(4, eager.topUp(0));
    assertEquals(1, eager.topUp(3));
    assertEquals(0, eager.topUp(4));
    assertEquals(0, lowWater.topUp(3));
    assertEquals(0, lowWater.topUp(2));
    assertEquals(3, lowWater.topUp(1));
    assertEquals(4, lowWater.topUp(0));
  }

  @Test
  public void badValuesNameTheKeyAndWhatIsAllowed() {
    assertMentions(rejected("toolstack.mode=parallel", "toolstack.shell-refill=lazy"),
        "scenario.toolstack.shell-refill", "'lazy'", "eager, low-water");
    assertMentions(rejected("toolstack.mode=parallel", "toolstack.shell-pool=-1"), "scenario.toolstack.shell-pool",
        "must be >= 0");
    assertMentions(rejected("toolstack.mode=parallel", "toolstack.shell-pool=2.5"), "scenario.toolstack.shell-pool",
        "whole number");
    assertMentions(rejected("toolstack.mode=parallel", "toolstack.shell-pool=4", "toolstack.shell-low-water=5"),
        "scenario.toolstack.shell-low-water", "between 1 and shell-pool (4)");
    assertMentions(rejected("toolstack.mode=parallel", "toolstack.shell-low-water=0"),
        "scenario.toolstack.shell-low-water", "must be > 0");
    assertMentions(rejected("toolstack.mode=parallel", "toolstack.shell-prefill=yes"),
        "scenario.toolstack.shell-prefill", "'yes'", "on, off");
    assertMentions(rejected("toolstack.shell-pool=4"), "scenario.toolstack.shell-pool", "toolstack.mode = parallel",
        "not serialized");
    assertMentions(rejected("toolstack.mode=xl-4.14", "toolstack.shell-pool=4"), "not xl-4.14");
    assertMentions(rejected("toolstack.shell-pools=4"), "scenario.toolstack.shell-pools", "is not a known key",
        "shell-low-water, shell-pool, shell-prefill, shell-refill");
  }
}
