package io.vstack.engine;

/** A run failed; the cause is the handler exception or violation, the message says which process and when. */
public final class EngineFailure extends RuntimeException {
  private final boolean partitionLost;

  public EngineFailure(String message, Throwable cause) {
    this(message, cause, false);
  }

  private EngineFailure(String message, Throwable cause, boolean partitionLost) {
    super(message, cause);
    this.partitionLost = partitionLost;
  }

  /** The run failed because a partition actor went away (its cluster member left or crashed), not by a fault of its own. */
  public static EngineFailure partitionLost(String message) {
    return new EngineFailure(message, null, true);
  }

  /** Whether a resumed run could succeed: the failure was a lost partition, not the model or a checkpoint. */
  public boolean partitionLost() {
    return partitionLost;
  }
}
