package io.vstack.engine.checkpoint;

/**
 * Receives each checkpoint as it is taken. It is called at the barrier itself, while every partition waits, so it
 * may also read other run state (a trace recorder) consistently; it should hand slow work such as a database write
 * to another thread and return.
 */
@FunctionalInterface
public interface CheckpointSink {
  void save(Checkpoint checkpoint);
}
