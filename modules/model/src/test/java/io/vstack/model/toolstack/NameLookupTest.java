package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches;
import io.vstack.model.config.Switches.ConflictRule;
import io.vstack.model.config.Switches.ScrubPlacement;
import io.vstack.model.config.Switches.ToolstackMode;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** xl's name lookups: whom each asks, and how many answers end it. */
public class NameLookupTest extends JUnitSuite {
  private static final CostModel COST = TestConf.cost();
  private static final Layout LAYOUT = Layout.of(1, 4, 3, 1, 1);
  private static final LpRef<XenMsg> SELF = LpRef.of(99);

  private static NameLookup lookup(boolean cache, boolean noxs) {
    Switches switches = new Switches(ToolstackMode.parallel, cache, ScrubPlacement.remote, 1, LAYOUT.shards(),
        ConflictRule.store, false, noxs);
    NameLookup lookup = new NameLookup(LAYOUT, COST, switches, SELF);
    lookup.start("g1", true, 2);
    return lookup;
  }

  @Test
  public void eachLookupAsksEveryShardAndEndsWithTheLastShardsAnswer() {
    RecordingPort port = new RecordingPort();
    NameLookup lookup = lookup(false, false);
    assertTrue(lookup.next(port));
    assertEquals(XlStep.name_lookup, port.step);
    assertEquals(List.of(new RecordingPort.Sent(LAYOUT.shard(0), new XenstoreShard.FindName("g1", SELF, 1)),
        new RecordingPort.Sent(LAYOUT.shard(1), new XenstoreShard.FindName("g1", SELF, 1)),
        new RecordingPort.Sent(LAYOUT.shard(2), new XenstoreShard.FindName("g1", SELF, 1))), port.sent);
    assertEquals(NameCheck.Verdict.waiting, lookup.answer(false));
    assertEquals(NameCheck.Verdict.waiting, lookup.answer(false));
    assertEquals(NameCheck.Verdict.next, lookup.answer(false));
    assertTrue("libxl looks the name up twice", lookup.next(port));
    assertEquals(new XenstoreShard.FindName("g1", SELF, 2), port.last(0));
    lookup.answer(false);
    lookup.answer(false);
    lookup.answer(false);
    assertFalse(lookup.next(port));
  }

  @Test
  public void withTheCacheALookupIsOneQuestionToTheCache() {
    RecordingPort port = new RecordingPort();
    NameLookup lookup = lookup(true, false);
    lookup.next(port);
    assertEquals(List.of(new RecordingPort.Sent(LAYOUT.cache(), new XenstoreCache.Lookup("g1", SELF, 1))),
        port.sent);
    assertEquals(NameCheck.Verdict.taken, lookup.answer(true));
  }

  @Test
  public void withNoxsTheHypervisorIsAskedAfterTheLookupsCpuWork() {
    RecordingPort port = new RecordingPort();
    NameLookup lookup = lookup(false, true);
    lookup.next(port);
    assertEquals(new RecordingPort.Work(WorkKind.hypervisor, COST.noxsLookup()), port.lastWork());
    assertEquals(XlStep.noxs_lookup_cpu, port.step);
    assertEquals(List.of(), port.sent);
    lookup.askHypervisor(port);
    assertEquals(XlStep.name_lookup, port.step);
    assertEquals(new Hypervisor.FindDomain("g1", SELF, 1), port.last(0));
    assertEquals(LAYOUT.hypervisor(), port.lastTo(0));
    assertEquals(NameCheck.Verdict.next, lookup.answer(false));
  }
}
