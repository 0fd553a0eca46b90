package io.vstack.engine;

import io.vstack.engine.phold.Phold;

/** PHOLD that keeps the processes that ran, fresh or restored from a checkpoint, so final states can be compared. */
public final class RecordedPhold implements Model {
  private final Phold phold;
  private final Phold.Process[] ran;

  public RecordedPhold(Phold phold) {
    this.phold = phold;
    this.ran = new Phold.Process[phold.processCount()];
  }

  @Override
  public int processCount() {
    return phold.processCount();
  }

  @Override
  public long lookahead() {
    return phold.lookahead();
  }

  @Override
  public LogicalProcess<?> newProcess(int id) {
    ran[id] = (Phold.Process) phold.newProcess(id);
    return ran[id];
  }

  @Override
  public void restored(int id, LogicalProcess<?> process) {
    ran[id] = (Phold.Process) process;
  }

  /** Process {@code id} as it ended, or null if it did not run here. */
  public Phold.Process process(int id) {
    return ran[id];
  }

  /** Events each process handled, by id. */
  public long[] handled() {
    long[] out = new long[ran.length];
    for (int i = 0; i < ran.length; i++) {
      out[i] = ran[i].handled();
    }
    return out;
  }

  /** Each process's checksum of when and which balls it handled, by id. */
  public long[] checksums() {
    long[] out = new long[ran.length];
    for (int i = 0; i < ran.length; i++) {
      out[i] = ran[i].checksum();
    }
    return out;
  }
}
