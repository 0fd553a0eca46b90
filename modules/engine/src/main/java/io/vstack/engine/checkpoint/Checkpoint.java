package io.vstack.engine.checkpoint;

import java.util.List;

/**
 * A consistent cut of a run taken at a window barrier: every event stamped before {@code time} has been delivered,
 * none at or after it, and no message is in flight. {@code parts} are the encoded {@link Slice}s of the
 * partitions (one for the sequential executor); together they hold every process exactly once. A checkpoint does
 * not depend on the executor that took it: any executor that can checkpoint can resume from it.
 *
 * @param window windows completed so far (for the sequential executor: distinct event times passed)
 */
public record Checkpoint(long window, long time, List<byte[]> parts) {

  /** Total encoded size in bytes. */
  public long bytes() {
    return parts.stream().mapToLong(p -> p.length).sum();
  }
}
