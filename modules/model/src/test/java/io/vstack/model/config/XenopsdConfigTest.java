package io.vstack.model.config;

import static io.vstack.model.config.ConfigErrors.assertMentions;
import static io.vstack.model.config.ConfigErrors.rejected;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.model.TestConf;
import java.util.List;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** The xenopsd toolstack's keys: defaults, label, what it ignores of xl's, and bad values. */
public class XenopsdConfigTest extends JUnitSuite {

  @Test
  public void xlIsTheDefaultToolstack() {
    Switches s = TestConf.scenario().switches();
    assertEquals(Switches.ToolstackKind.xl, s.kind());
    assertEquals(Switches.NumaPlacement.any, s.numa());
    assertFalse(s.xenopsd());
    assertEquals("stock", s.label());
  }

  @Test
  public void xenopsdTakesNoXlLockAndNeverBalloonsWhateverXlsSettings() {
    Switches s = TestConf.scenario("toolstack.kind=xenopsd", "toolstack.mode=xl-4.14", "toolstack.autoballoon=on")
        .switches();
    assertTrue(s.xenopsd());
    assertFalse(s.takesXlLock());
    assertFalse(s.balloons());
    assertEquals("xenopsd", s.label());
    assertEquals("xenopsd+numa+idle-scrub", TestConf.scenario("toolstack.kind=xenopsd", "scrub.placement=idle",
        "toolstack.numa-placement=best-effort").switches().label());
  }

  @Test
  public void xenopsdCostsAreRead() {
    CostModel cost = TestConf.cost();
    assertEquals(1_000_000_000L, cost.freeMemPoll());
    assertEquals(64_000_000_000L, cost.freeMemMaxWait());
    assertEquals(30_000_000L, cost.xapiPerOperation());
  }

  @Test
  public void badValuesNameTheKeyAndTheAllowedValues() {
    assertMentions(rejected("toolstack.kind=xapi"), "scenario.toolstack.kind", "'xapi'", "xl, xenopsd");
    assertMentions(rejected("toolstack.numa-placement=strict"), "scenario.toolstack.numa-placement", "'strict'",
        "any, best-effort");
    assertMentions(rejected("cost.xenopsd.free-mem-poll=0s"), "cost.xenopsd.free-mem-poll", "must be > 0");
  }

  @Test
  public void noxsAndXlCrashesAreRejectedWithXenopsd() {
    assertMentions(rejected("toolstack.kind=xenopsd", "toolstack.noxs=on"), "scenario.toolstack.noxs",
        "xenopsd");
    String crash = Assert.assertThrows(InvalidConfig.class, () -> TestConf.scenario("toolstack.kind=xenopsd")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@1s,worker=0")))).getMessage();
    assertMentions(crash, "toolstack-crash", "toolstack.kind = xenopsd");
  }
}
