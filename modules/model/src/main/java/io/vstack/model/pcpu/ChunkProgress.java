package io.vstack.model.pcpu;

import java.io.Serializable;

/**
 * A chunk of its node's dirty memory that an idle pCPU is scrubbing: {@code pages} in {@code duration} ns from
 * {@code startedAt}, at an even rate, so the pCPU can say how much it finished when other work takes it over.
 *
 * @param seq which chunk of this pCPU it is, so the completion event of a chunk given up earlier is recognised
 */
public record ChunkProgress(long pages, long duration, long startedAt, long seq) implements Serializable {

  /** Time spent scrubbing by {@code now}, at most the whole duration. */
  public long elapsedAt(long now) {
    return Math.min(Math.max(now - startedAt, 0), duration);
  }

  /** Whole pages scrubbed by {@code now}: all of them at the end, proportionally (rounded down) before. */
  public long pagesDoneAt(long now) {
    long elapsed = elapsedAt(now);
    return elapsed == duration ? pages : Math.multiplyExact(pages, elapsed) / duration;
  }
}
