package io.vstack.engine;

/** A simulation model: a fixed set of logical processes, numbered from 0, and the lookahead they respect. */
public interface Model {

  /** Number of logical processes; ids are {@code 0 .. processCount() - 1}. */
  int processCount();

  /** Minimum latency of any message between two different processes, in ticks; must be > 0. */
  long lookahead();

  /** Creates process {@code id}; called exactly once per id by the executor that runs the model. */
  LogicalProcess<?> newProcess(int id);

  /**
   * Process {@code id} comes from a checkpoint instead of {@link #newProcess}: a run that resumes calls this once
   * per id, so a model that reads its processes after the run reads the ones that actually ran.
   */
  default void restored(int id, LogicalProcess<?> process) {
  }
}
