package io.vstack.model.config;

import static io.vstack.model.config.ConfigErrors.assertMentions;
import static io.vstack.model.config.ConfigErrors.rejected;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.model.TestConf;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** The switches of the alternative control planes: xl 4.14's conditional lock and LightVM's noxs. */
public class ControlPlaneConfigTest extends JUnitSuite {

  @Test
  public void theDefaultsKeepTodaysBehaviour() {
    Switches s = TestConf.scenario().switches();
    assertEquals(Switches.ToolstackMode.serialized, s.mode());
    assertTrue("xl.conf's autoballoon=auto is on without dom0_mem", s.autoballoon());
    assertFalse(s.noxs());
    assertTrue(s.takesXlLock());
    assertFalse("only xl-4.14 balloons", s.balloons());
    assertEquals("stock", s.label());
    assertFalse(TestConf.scenario("toolstack.mode=parallel").switches().takesXlLock());
  }

  @Test
  public void xl414TakesTheLockAndBalloonsOnlyWithAutoballoonOn() {
    Switches on = TestConf.scenario("toolstack.mode=xl-4.14").switches();
    assertEquals(Switches.ToolstackMode.xl_4_14, on.mode());
    assertTrue(on.takesXlLock());
    assertTrue(on.balloons());
    assertEquals("xl-4.14", on.label());
    Switches off = TestConf.scenario("toolstack.mode=xl-4.14", "toolstack.autoballoon=off").switches();
    assertFalse(off.takesXlLock());
    assertFalse(off.balloons());
    assertEquals("xl-4.14-no-autoballoon", off.label());
    assertFalse("autoballoon alone does not make stock xl balloon",
        TestConf.scenario("toolstack.autoballoon=on").switches().balloons());
  }

  @Test
  public void noxsShowsInTheLabelAndSurvivesTheComparisonOfFixes() {
    Switches noxs = TestConf.scenario("toolstack.noxs=on").switches();
    assertTrue(noxs.noxs());
    assertEquals("noxs", noxs.label());
    assertEquals("parallel+cache+local-scrub+noxs", noxs.withFixes(true, true, true).label());
    assertTrue(noxs.withFixes(false, false, false).noxs());
  }

  @Test
  public void anUnknownModeListsEveryModeAsWrittenInTheConfig() {
    assertMentions(rejected("toolstack.mode=xl-4.13"), "scenario.toolstack.mode", "'xl-4.13'",
        "serialized, parallel, xl-4.14");
  }

  @Test
  public void aBadAutoballoonOrNoxsValueNamesTheKeyAndTheAllowedValues() {
    assertMentions(rejected("toolstack.autoballoon=auto"), "scenario.toolstack.autoballoon", "'auto'", "on, off");
    assertMentions(rejected("toolstack.noxs=yes"), "scenario.toolstack.noxs", "'yes'", "on, off");
  }

  @Test
  public void theNewCostsAreChecked() {
    assertMentions(rejected("cost.balloon.poll=0s"), "cost.balloon.poll", "must be > 0");
    assertMentions(rejected("cost.noxs.devctl=-1us"), "cost.noxs.devctl", "must not be negative");
    assertMentions(rejected("cost.noxs.grant=1us"), "cost.noxs.grant", "is not a known key",
        "devctl, device-setup, domain-lookup");
  }
}
