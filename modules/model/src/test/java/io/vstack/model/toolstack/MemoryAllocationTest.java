package io.vstack.model.toolstack;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class MemoryAllocationTest extends JUnitSuite {
  @Test
  public void theHomeNodeIsAskedFirstThenTheOthersInTurn() {
    MemoryAllocation m = new MemoryAllocation(4);
    m.start(2, 100, false);
    assertEquals(2, m.nextNode());
    assertEquals(MemoryAllocation.Next.ask, m.granted(2, 30));
    assertEquals(3, m.nextNode());
    assertEquals(MemoryAllocation.Next.ask, m.granted(3, 0));
    assertEquals(0, m.nextNode());
    assertEquals(MemoryAllocation.Next.done, m.granted(0, 70));
    assertArrayEquals(new long[] {70, 0, 30, 0}, m.pages());
    assertEquals(100, m.total());
    assertEquals(0, m.needed());
  }

  @Test
  public void withoutIdleScrubbingItIsShortOnceEveryNodeWasAsked() {
    MemoryAllocation m = new MemoryAllocation(2);
    m.start(0, 100, false);
    m.nextNode();
    assertEquals(MemoryAllocation.Next.ask, m.granted(0, 40));
    m.nextNode();
    assertEquals(MemoryAllocation.Next.short_of_memory, m.granted(1, 10));
    assertEquals(50, m.needed());
    assertEquals("what was taken is clean, to be freed", 40, m.clean(0));
    assertEquals(0, m.dirty(0));
  }

  @Test
  public void withIdleScrubbingASecondPassTakesDirtyPagesWhichTheAllocatingCpuScrubs() {
    MemoryAllocation m = new MemoryAllocation(2);
    m.start(1, 100, true);
    m.nextNode();
    m.granted(1, 30);
    m.nextNode();
    assertFalse(m.dirtyPass());
    assertEquals("every node's clean pages are taken: the dirty pass starts", MemoryAllocation.Next.ask,
        m.granted(0, 20));
    assertTrue(m.dirtyPass());
    assertEquals("the dirty pass starts at the home node again", 1, m.nextNode());
    assertEquals(MemoryAllocation.Next.ask, m.granted(1, 10));
    assertEquals(0, m.nextNode());
    assertEquals(MemoryAllocation.Next.done, m.granted(0, 40));
    assertEquals(20, m.clean(0));
    assertEquals(40, m.dirty(0));
    assertEquals(30, m.clean(1));
    assertEquals(10, m.dirty(1));
    assertEquals("the dirty pages are scrubbed node by node, in node order", 0, m.dirtyNode());
    m.scrubbed(0);
    assertEquals(60, m.clean(0));
    assertEquals(1, m.dirtyNode());
    m.scrubbed(1);
    assertEquals(-1, m.dirtyNode());
    assertEquals(40, m.clean(1));
  }

  @Test
  public void aDirtyPassThatStillFallsShortIsShort() {
    MemoryAllocation m = new MemoryAllocation(1);
    m.start(0, 10, true);
    m.nextNode();
    assertEquals(MemoryAllocation.Next.ask, m.granted(0, 2));
    m.nextNode();
    assertEquals(MemoryAllocation.Next.short_of_memory, m.granted(0, 3));
    assertEquals(5, m.needed());
  }

  @Test
  public void aShellsMemoryIsAllClean() {
    MemoryAllocation m = new MemoryAllocation(new long[] {5, 7});
    assertEquals(12, m.total());
    assertEquals(7, m.clean(1));
    assertEquals(-1, m.dirtyNode());
  }
}
