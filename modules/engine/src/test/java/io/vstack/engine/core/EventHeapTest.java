package io.vstack.engine.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class EventHeapTest extends JUnitSuite {

  private record Entry(long time, long tie, int target) {
  }

  @Test
  public void popsEventsInTimeThenTieOrderWhateverThePushOrder() {
    SplittableRandom random = new SplittableRandom(7);
    EventHeap heap = new EventHeap(1);
    List<Entry> expected = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      Entry e = new Entry(random.nextInt(100), random.nextLong(1_000_000), i);
      expected.add(e);
      heap.push(e.time(), 0, e.tie(), e.target(), "payload-" + i);
    }
    expected.sort(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::tie));
    for (Entry e : expected) {
      assertEquals(e.time(), heap.peekTime());
      assertEquals(e.tie(), heap.peekTie());
      assertEquals("payload-" + e.target(), heap.peekPayload());
      heap.removeTop();
    }
    assertTrue(heap.isEmpty());
    assertEquals(Long.MAX_VALUE, heap.peekTime());
  }

  @Test
  public void interleavedPushAndPopKeepsTheMinimumOnTop() {
    SplittableRandom random = new SplittableRandom(11);
    EventHeap heap = new EventHeap(4);
    java.util.PriorityQueue<Long> oracle = new java.util.PriorityQueue<>();
    for (int i = 0; i < 20_000; i++) {
      if (oracle.isEmpty() || random.nextInt(3) > 0) {
        long t = random.nextLong(1 << 20);
        heap.push(t, 0, 0, 0, null);
        oracle.add(t);
      } else {
        assertEquals((long) oracle.poll(), heap.peekTime());
        heap.removeTop();
      }
    }
    assertEquals(oracle.size(), heap.size());
  }

  @Test
  public void tiesOrderBySenderThenSequence() {
    assertTrue(Ties.of(1, 5) < Ties.of(2, 0));
    assertTrue(Ties.of(3, 4) < Ties.of(3, 5));
    assertEquals(3, Ties.sender(Ties.of(3, 77)));
    assertEquals(77, Ties.seq(Ties.of(3, 77)));
  }

  @Test
  public void partitioningCoversEveryIdExactlyOnceInContiguousBlocks() {
    for (int n : new int[] {1, 7, 100, 1001}) {
      for (int p : new int[] {1, 2, 3, 8}) {
        Partitioning parts = new Partitioning(n, p);
        int next = 0;
        for (int q = 0; q < parts.partitions(); q++) {
          assertEquals(next, parts.first(q));
          for (int id = parts.first(q); id < parts.first(q) + parts.size(q); id++) {
            assertEquals(q, parts.partitionOf(id));
          }
          next += parts.size(q);
        }
        assertEquals(n, next);
      }
    }
  }
}
