package io.vstack.engine.checkpoint;

import io.vstack.engine.core.EventHeap;
import java.util.ArrayList;
import java.util.List;

/** A decoded checkpoint, ready to be handed out to whichever partitions now host which processes. */
public final class Restored {
  private final Checkpoint checkpoint;
  private final ProcessState[] processes;
  private final List<Slice> slices = new ArrayList<>();

  public Restored(Checkpoint checkpoint, int processCount) {
    this.checkpoint = checkpoint;
    this.processes = new ProcessState[processCount];
    for (byte[] part : checkpoint.parts()) {
      Slice slice = CheckpointCodec.decode(part);
      for (ProcessState p : slice.processes()) {
        if (p.id() < 0 || p.id() >= processCount || processes[p.id()] != null) {
          throw new IllegalStateException("checkpoint does not fit this model: process " + p.id()
              + (p.id() >= 0 && p.id() < processCount ? " appears twice" : " does not exist (model has "
              + processCount + ")"));
        }
        processes[p.id()] = p;
      }
      slices.add(slice);
    }
    for (int id = 0; id < processCount; id++) {
      if (processes[id] == null) {
        throw new IllegalStateException("checkpoint does not fit this model: process " + id + " is missing");
      }
    }
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  public ProcessState process(int id) {
    return processes[id];
  }

  /** Pushes every saved event addressed to a process in {@code [first, end)} onto {@code heap}. */
  public void pendingInto(int first, int end, EventHeap heap) {
    for (Slice s : slices) {
      for (int i = 0; i < s.pending(); i++) {
        if (s.target()[i] >= first && s.target()[i] < end) {
          heap.push(s.time()[i], s.sent()[i], s.tie()[i], s.target()[i], s.payload()[i]);
        }
      }
    }
  }
}
