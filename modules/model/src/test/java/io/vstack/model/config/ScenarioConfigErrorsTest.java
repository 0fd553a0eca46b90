package io.vstack.model.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.model.TestConf;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ScenarioConfigErrorsTest extends JUnitSuite {

  private static InvalidConfig rejected(String... overrides) {
    return Assert.assertThrows(InvalidConfig.class, () -> Scenario.load(TestConf.DIR, null, List.of(overrides)));
  }

  private static void assertMentions(InvalidConfig e, String... parts) {
    for (String part : parts) {
      assertTrue("'" + e.getMessage() + "' should mention '" + part + "'", e.getMessage().contains(part));
    }
  }

  @Test
  public void theDefaultScenarioLoadsAndAValidOverrideApplies() {
    Scenario stock = TestConf.scenario();
    assertEquals("storm-32", stock.name());
    assertEquals("paper-2socket", stock.host().name());
    assertEquals(Switches.ToolstackMode.serialized, stock.switches().mode());
    assertEquals(1024, stock.guest().memoryMib());
    assertEquals(32, stock.workload().guests());
    assertEquals(WorkloadSpec.Destroy.after_boot, stock.workload().destroy());

    Scenario parallel = TestConf.scenario("toolstack.mode=parallel", "scenario.xenstore.cache=on",
        "scrub.placement=local", "cost.message-latency=20us");
    assertEquals(Switches.ToolstackMode.parallel, parallel.switches().mode());
    assertTrue(parallel.switches().cache());
    assertEquals(Switches.ScrubPlacement.local, parallel.switches().scrub());
    assertEquals("all fixes", parallel.switches().label());
    assertEquals(20_000, parallel.cost().messageLatency());
  }

  @Test
  public void anUnknownToolstackModeNamesTheKeyAndTheAllowedValues() {
    InvalidConfig e = rejected("toolstack.mode=fast");
    assertMentions(e, "scenario.toolstack.mode", "'fast'", "serialized, parallel");
    assertTrue(e.getMessage(), e.getMessage().startsWith("command line"));
  }

  @Test
  public void anUnknownScrubPlacementNamesTheKeyAndTheAllowedValues() {
    assertMentions(rejected("scrub.placement=nearby"), "scenario.scrub.placement", "'nearby'", "remote, local");
  }

  @Test
  public void aBadScrubPlacementListsIdleAmongTheAllowedValues() {
    assertMentions(rejected("scrub.placement=lazy"), "scenario.scrub.placement", "'lazy'", "remote, local, idle");
    Scenario idle = TestConf.scenario("scrub.placement=idle");
    assertEquals(Switches.ScrubPlacement.idle, idle.switches().scrub());
    assertEquals("idle-scrub", idle.switches().label());
    assertEquals("parallel+cache+idle-scrub", TestConf.scenario("scrub.placement=idle", "toolstack.mode=parallel",
        "xenstore.cache=on").switches().label());
  }

  @Test
  public void aBadIdleScrubChunkNamesTheKey() {
    assertMentions(rejected("cost.scrub.idle-chunk-mib=0"), "cost.scrub.idle-chunk-mib", "must be > 0");
  }

  @Test
  public void anUnknownConflictRuleOrCacheSwitchNamesTheKeyAndTheAllowedValues() {
    assertMentions(rejected("xenstore.conflict=optimistic"), "scenario.xenstore.conflict", "store, node");
    assertMentions(rejected("xenstore.cache=maybe"), "scenario.xenstore.cache", "'maybe'", "on, off");
  }

  @Test
  public void aNegativeGuestMemoryIsRejected() {
    assertMentions(rejected("guest.memory-mib=-5"), "scenario.guest.memory-mib", "-5", "must be > 0");
  }

  @Test
  public void aGuestLargerThanTheHostIsRejected() {
    // paper-2socket: 2 nodes * 65,536 MiB = 131,072 MiB
    assertMentions(rejected("guest.memory-mib=99999999"), "scenario.guest.memory-mib", "99999999",
        "more than the whole host has (131072 MiB on paper-2socket)");
  }

  @Test
  public void aNonNumericGuestMemoryIsRejected() {
    assertMentions(rejected("guest.memory-mib=lots"), "scenario.guest.memory-mib", "must be a number");
  }

  @Test
  public void aMisspelledKeyIsRejectedWithTheKeysAllowedThere() {
    assertMentions(rejected("xenstore.cahce=on"), "scenario.xenstore.cahce", "is not a known key",
        "cache, conflict, shards");
  }

  @Test
  public void anUnknownHostIsRejectedWithTheKnownHosts() {
    assertMentions(rejected("host=nope"), "scenario.host", "'nope'", "big-64, paper-2socket, quad-node");
  }

  @Test
  public void anOverrideWithoutAnEqualsSignIsRejected() {
    assertMentions(rejected("toolstack.mode"), "--set toolstack.mode", "expected key=value");
  }

  @Test
  public void moreShardsThanPcpusAreRejected() {
    // paper-2socket: 2 * 12 = 24 pCPUs
    assertMentions(rejected("xenstore.shards=25"), "scenario.xenstore.shards", "at most one shard per pCPU (24)");
    assertMentions(rejected("xenstore.shards=0"), "scenario.xenstore.shards", "must be > 0");
  }

  @Test
  public void costModelValuesAreCheckedToo() {
    assertMentions(rejected("cost.scrub.numa-factor=2.1"), "cost.scrub", "numa-factor");
    assertMentions(rejected("hosts.paper-2socket.interconnect-gbps=0"), "interconnect-gbps", "must be a finite number > 0");
    assertMentions(rejected("cost.message-latency=0ms"), "cost.message-latency", "must be > 0");
    assertMentions(rejected("cost.xenstore.op=fast"), "cost.xenstore.op", "must be a duration");
    assertMentions(rejected("cost.toolstack.parse-config=-1ms"), "cost.toolstack.parse-config",
        "must not be negative");
  }

  @Test
  public void aMissingConfigDirectoryIsRejectedNamingTheFile() {
    InvalidConfig e = Assert.assertThrows(InvalidConfig.class,
        () -> Scenario.load(Path.of("no-such-conf-dir"), null, List.of()));
    assertMentions(e, "cost-model.conf", "no such file");
  }

  @Test
  public void aFractionalCountIsRejectedInsteadOfTruncated() {
    for (String o : List.of("guest.vcpus=1.5", "xenstore.shards=2.7", "guest.memory-mib=1024.9")) {
      InvalidConfig e = Assert.assertThrows(o, InvalidConfig.class, () -> TestConf.scenario(o));
      assertTrue(e.getMessage(), e.getMessage().contains("must be a whole number"));
    }
  }

  @Test
  public void aNameThatCouldLeaveOrHideItsRunDirectoryIsRejectedWithTheAllowedForm() {
    for (String name : List.of("../../outside/x", "", ".hidden", "a/b", "a b", "..", "name\\x")) {
      assertMentions(rejected("name=" + name), "command line: scenario.name = '", "must be one or more of "
          + "A-Z a-z 0-9 . _ -, not starting with '.'");
    }
    assertEquals("storm-32.v2_b", TestConf.scenario("name=storm-32.v2_b").name());
  }
}
