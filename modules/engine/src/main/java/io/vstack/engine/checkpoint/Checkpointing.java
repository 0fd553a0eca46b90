package io.vstack.engine.checkpoint;

/**
 * Whether and how often a run checkpoints, and the checkpoint it resumes from.
 *
 * @param everyWindows  checkpoint after this many windows (0: not by window count)
 * @param everyWallNanos checkpoint when this much wall time has passed since the last one (0: not by time)
 * @param sink          where checkpoints go
 * @param resumeFrom    start from this checkpoint instead of time 0 (null: a fresh run)
 * @param maxPartBytes  a partition whose encoded share is longer fails the run (the transport's limit)
 */
public record Checkpointing(long everyWindows, long everyWallNanos, CheckpointSink sink, Checkpoint resumeFrom,
    long maxPartBytes) {

  public static final Checkpointing NONE = new Checkpointing(0, 0, c -> { }, null);

  public Checkpointing {
    if (everyWindows < 0 || everyWallNanos < 0 || maxPartBytes <= 0) {
      throw new IllegalArgumentException("checkpoint intervals must be >= 0 and the part limit > 0, were "
          + everyWindows + " windows, " + everyWallNanos + " ns and " + maxPartBytes + " bytes");
    }
  }

  /** Checkpointing with no limit on a part's size (in one JVM nothing limits it). */
  public Checkpointing(long everyWindows, long everyWallNanos, CheckpointSink sink, Checkpoint resumeFrom) {
    this(everyWindows, everyWallNanos, sink, resumeFrom, Long.MAX_VALUE);
  }

  /** Whether checkpoints are taken at all. */
  public boolean takes() {
    return everyWindows > 0 || everyWallNanos > 0;
  }

  /** A clock that says at which barriers a checkpoint is due. */
  public Timer timer() {
    return new Timer();
  }

  /**
   * Tracks the last checkpoint; one per run, used only by the thread that runs the barriers. The wall-time interval
   * counts from the end of the last checkpoint and is at least nine times what that checkpoint took, so that
   * checkpointing a large model never takes more than a tenth of the run (without this, a checkpoint slower than
   * the interval was taken at every barrier and the run crawled). Wall time decides only at which barrier a
   * checkpoint is taken, never what the run computes: a checkpoint is a copy taken while nothing runs.
   */
  public final class Timer {
    private long lastWindow = resumeFrom == null ? 0 : resumeFrom.window();
    private long lastWall = System.nanoTime();
    private long startedAt;
    private long cost;

    /** True (and starts timing the checkpoint) when a checkpoint is due at the barrier after {@code window}. */
    public boolean due(long window) {
      long now = System.nanoTime();
      boolean due = (everyWindows > 0 && window - lastWindow >= everyWindows)
          || (everyWallNanos > 0 && now - lastWall >= Math.max(everyWallNanos, 9 * cost));
      if (due) {
        lastWindow = window;
        startedAt = now;
      }
      return due;
    }

    /** The checkpoint that {@link #due} asked for is taken. */
    public void taken() {
      lastWall = System.nanoTime();
      cost = lastWall - startedAt;
    }
  }
}
