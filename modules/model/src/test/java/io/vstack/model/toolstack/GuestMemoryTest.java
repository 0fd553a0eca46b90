package io.vstack.model.toolstack;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.TestConf;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.WorkKind;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** A creation's populate phase: heap_lock, node after node, the hypervisor's share, populating; undone on failure. */
public class GuestMemoryTest extends JUnitSuite {
  private static final CostModel COST = TestConf.cost();
  private static final Layout LAYOUT = Layout.of(2, 4, 1, 1, 1);
  private static final LpRef<XenMsg> SELF = LpRef.of(99);

  /** Worker on node 0 allocating 1000 pages from node 1 on, heap_lock granted. */
  private static GuestMemory allocating(boolean dirtyAllowed, RecordingPort port) {
    GuestMemory memory = new GuestMemory(LAYOUT, COST, 0, SELF);
    memory.start(1, 1000, dirtyAllowed, port);
    assertEquals(List.of(LAYOUT.heapLock()), port.acquired);
    assertEquals(SharedStep.heap_lock, port.step);
    memory.heapLocked(port);
    assertTrue(memory.holdsHeap());
    return memory;
  }

  @Test
  public void theHomeNodeIsAskedFirstThenTheNextAndThePagesArePopulated() {
    RecordingPort port = new RecordingPort();
    GuestMemory memory = allocating(false, port);
    assertEquals(new NumaNode.Allocate(1000, SELF), port.last(0));
    assertEquals(LAYOUT.node(1), port.lastTo(0));
    assertEquals(SharedStep.allocate, port.step);
    assertTrue(memory.granted(new NumaNode.Allocated(1, 600), port));
    assertEquals(new NumaNode.Allocate(400, SELF), port.last(0));
    assertEquals(LAYOUT.node(0), port.lastTo(0));
    assertTrue(memory.granted(new NumaNode.Allocated(0, 400), port));
    assertEquals(new RecordingPort.Work(WorkKind.hypervisor, COST.perGib(COST.heapLockPerGib(), 1000)),
        port.lastWork());
    assertEquals(SharedStep.heap_cpu, port.step);

    memory.allocated(3, port);
    assertEquals(List.of(LAYOUT.heapLock()), port.released);
    assertFalse(memory.holdsHeap());
    Hypervisor.Populated populated = (Hypervisor.Populated) port.last(0);
    assertEquals(3, populated.domid());
    assertArrayEquals(new long[] {400, 600}, populated.pages());
    assertEquals("clean pages: nothing to scrub", new RecordingPort.Work(WorkKind.memory,
        COST.perGib(COST.populatePerGib(), 1000)), port.lastWork());
    assertEquals(SharedStep.populate_cpu, port.step);
  }

  @Test
  public void aCreationShortOfMemoryOnEveryNodeFails() {
    RecordingPort port = new RecordingPort();
    GuestMemory memory = allocating(false, port);
    assertTrue(memory.granted(new NumaNode.Allocated(1, 100), port));
    assertFalse(memory.granted(new NumaNode.Allocated(0, 0), port));
    assertEquals(900, memory.needed());
  }

  @Test
  public void withIdleScrubbingDirtyPagesAreTakenLastAndScrubbedByTheAllocatingCpu() {
    RecordingPort port = new RecordingPort();
    GuestMemory memory = allocating(true, port);
    memory.granted(new NumaNode.Allocated(1, 0), port);
    assertTrue(memory.granted(new NumaNode.Allocated(0, 0), port));
    assertEquals("node 1 is remote from the worker's CPU", new NumaNode.AllocateDirty(1000, true, SELF),
        port.last(0));
    memory.granted(new NumaNode.Allocated(1, 1000), port);
    memory.allocated(3, port);
    assertEquals("a stream through node 1's memory, timed by node 1",
        new RecordingPort.Stream(LAYOUT.node(1), WorkKind.scrub, 1000, 0), port.lastStream());
    assertEquals(SharedStep.allocation_scrub, port.step);
    memory.scrubbed(port);
    assertEquals(SharedStep.populate_cpu, port.step);
  }

  @Test
  public void undoDropsHeapLockAndGivesEveryNodeBackWhatItGrantedDirtyPagesAsDirty() {
    RecordingPort port = new RecordingPort();
    GuestMemory memory = allocating(true, port);
    memory.granted(new NumaNode.Allocated(1, 0), port);
    memory.granted(new NumaNode.Allocated(0, 400), port);
    memory.granted(new NumaNode.Allocated(1, 600), port);
    int before = port.sent.size();
    memory.undo(port);
    assertEquals(List.of(LAYOUT.heapLock()), port.released);
    assertFalse(memory.holdsHeap());
    assertEquals(List.of(new RecordingPort.Sent(LAYOUT.node(0), new NumaNode.Free(400)),
        new RecordingPort.Sent(LAYOUT.node(1), new NumaNode.ReleaseDirty(600))),
        port.sent.subList(before, port.sent.size()));
  }

  @Test
  public void pagesGrantedToAKilledProcessAreGivenBackByTheCleanup() {
    RecordingPort port = new RecordingPort();
    GuestMemory memory = allocating(false, port);
    memory.heapDropped();
    memory.took(1, 250);
    memory.undo(port);
    assertEquals("the kernel dropped heap_lock already", List.of(), port.released);
    assertEquals(new NumaNode.Free(250), port.last(0));
  }
}
