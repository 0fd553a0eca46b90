package io.vstack.model.pcpu;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ChunkProgressTest extends JUnitSuite {

  /** 16,384 pages in 31.25 ms, started at 1 ms. */
  private static final ChunkProgress CHUNK = new ChunkProgress(16_384, 31_250_000, 1_000_000, 1);

  @Test
  public void nothingIsDoneAtTheStartAndEverythingAtTheEnd() {
    assertEquals(0, CHUNK.pagesDoneAt(1_000_000));
    assertEquals(0, CHUNK.elapsedAt(1_000_000));
    assertEquals(16_384, CHUNK.pagesDoneAt(32_250_000));
    assertEquals(31_250_000, CHUNK.elapsedAt(32_250_000));
  }

  @Test
  public void partWayThroughThePagesDoneAreProportionalRoundedDown() {
    // 10 ms of 31.25 ms = 0.32 of 16,384 pages = 5,242.88 -> 5,242
    assertEquals(5_242, CHUNK.pagesDoneAt(11_000_000));
    assertEquals(10_000_000, CHUNK.elapsedAt(11_000_000));
    // one ns in: 16,384 / 31,250,000 of a page -> 0
    assertEquals(0, CHUNK.pagesDoneAt(1_000_001));
  }

  @Test
  public void timesOutsideTheChunkAreClampedToIt() {
    assertEquals(0, CHUNK.pagesDoneAt(0));
    assertEquals(0, CHUNK.elapsedAt(0));
    assertEquals(16_384, CHUNK.pagesDoneAt(99_000_000));
    assertEquals(31_250_000, CHUNK.elapsedAt(99_000_000));
  }

  @Test
  public void aChunkOfNoTimeIsDoneAtOnce() {
    assertEquals(3, new ChunkProgress(3, 0, 5, 1).pagesDoneAt(5));
  }
}
