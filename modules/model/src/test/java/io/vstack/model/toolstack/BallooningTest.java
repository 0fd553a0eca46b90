package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** xl's freemem(): Xen asked for the guest's memory, dom0 ballooned down when it is short. */
public class BallooningTest extends JUnitSuite {
  private static final long S = 1_000_000_000L;
  private static final CostModel COST = TestConf.cost();
  private static final Layout LAYOUT = Layout.of(1, 4, 2, 1, 1);
  private static final LpRef<XenMsg> SELF = LpRef.of(99);

  private static Ballooning asked(RecordingPort port) {
    Ballooning balloon = new Ballooning(LAYOUT, COST, SELF);
    balloon.start(COST.pagesFor(1024), port);
    return balloon;
  }

  @Test
  public void xenIsAskedForTheGuestsMemoryAndEnoughFreeMemoryNeedsNoBalloon() {
    RecordingPort port = new RecordingPort();
    Ballooning balloon = asked(port);
    assertEquals(new Hypervisor.FreeMemory(COST.pagesFor(1024), SELF, 1), port.last(0));
    assertEquals(LAYOUT.hypervisor(), port.lastTo(0));
    assertEquals(XlStep.balloon_query, port.step);
    assertEquals(Ballooning.Next.enough, balloon.freed(new Hypervisor.MemoryFreed(1, 0, 1000), port));
    assertEquals("nothing more to ask", 1, port.sent.size());
  }

  @Test
  public void whenBallooningCannotFreeEnoughTheCreationFails() {
    RecordingPort port = new RecordingPort();
    assertEquals(Ballooning.Next.impossible, asked(port).freed(new Hypervisor.MemoryFreed(1, -1, 1000), port));
    assertEquals(1, port.sent.size());
  }

  @Test
  public void aShortHostLowersDom0sTargetAndLibxlNoticesAtItsNextPoll() {
    RecordingPort port = new RecordingPort();
    Ballooning balloon = asked(port);
    assertEquals(Ballooning.Next.shrink,
        balloon.freed(new Hypervisor.MemoryFreed(1, COST.pagesFor(1024), 5000), port));
    assertEquals(new XenstoreShard.Write("/local/domain/0/memory/target", Long.toString(5000 * COST.pageKib()),
        SELF, 2), port.last(0));
    assertEquals("dom0's target lives on dom0's shard", LAYOUT.shardOfDomain(0), port.lastTo(0));
    assertEquals(XlStep.balloon_target, port.step);

    port.now = 10 * S;
    balloon.targetWritten(port);
    assertEquals("dom0's balloon driver zeroes the pages: a stream through node 0, where dom0 runs",
        new RecordingPort.Stream(LAYOUT.node(0), WorkKind.memory, COST.pagesFor(1024),
        Freemem.balloonTime(COST, COST.pagesFor(1024))), port.lastStream());
    assertEquals(XlStep.balloon_cpu, port.step);
    port.now = 11 * S;
    balloon.shrunk(port);
    assertEquals("libxl's first poll, 2 s after the target was written", List.of(S), port.sleeps);
    assertEquals(XlStep.balloon_poll, port.step);
  }
}
