package io.vstack.engine.checkpoint;

import io.vstack.engine.core.EventHeap;

/**
 * A decoded checkpoint, ready to be handed out to whichever partitions now host which processes: the processes by
 * id and the pending events grouped by target, so each host picks up its own without scanning the rest.
 */
public final class Restored {
  private final Checkpoint checkpoint;
  private final ProcessState[] processes;
  private final int[] firstEvent;
  private final long[] time;
  private final long[] sent;
  private final long[] tie;
  private final Object[] payload;

  public Restored(Checkpoint checkpoint, int processCount) {
    this.checkpoint = checkpoint;
    this.processes = new ProcessState[processCount];
    Slice[] slices = new Slice[checkpoint.parts().size()];
    int events = 0;
    this.firstEvent = new int[processCount + 1];
    for (int s = 0; s < slices.length; s++) {
      slices[s] = CheckpointCodec.decode(checkpoint.parts().get(s));
      for (ProcessState p : slices[s].processes()) {
        place(p, processCount);
      }
      for (int target : slices[s].target()) {
        if (target < 0 || target >= processCount) {
          throw new IllegalStateException("checkpoint does not fit this model: an event is addressed to process "
              + target + " (model has " + processCount + ")");
        }
        firstEvent[target + 1]++;
      }
      events += slices[s].pending();
    }
    for (int id = 0; id < processCount; id++) {
      if (processes[id] == null) {
        throw new IllegalStateException("checkpoint does not fit this model: process " + id + " is missing");
      }
      firstEvent[id + 1] += firstEvent[id];
    }
    this.time = new long[events];
    this.sent = new long[events];
    this.tie = new long[events];
    this.payload = new Object[events];
    int[] fill = firstEvent.clone();
    for (Slice s : slices) {
      for (int i = 0; i < s.pending(); i++) {
        int at = fill[s.target()[i]]++;
        time[at] = s.time()[i];
        sent[at] = s.sent()[i];
        tie[at] = s.tie()[i];
        payload[at] = s.payload()[i];
      }
    }
  }

  private void place(ProcessState p, int processCount) {
    if (p.id() < 0 || p.id() >= processCount) {
      throw new IllegalStateException("checkpoint does not fit this model: process " + p.id()
          + " does not exist (model has " + processCount + ")");
    }
    if (processes[p.id()] != null) {
      throw new IllegalStateException("checkpoint is inconsistent: process " + p.id() + " appears twice");
    }
    processes[p.id()] = p;
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  public ProcessState process(int id) {
    return processes[id];
  }

  /** Pushes every saved event addressed to a process in {@code [first, end)} onto {@code heap}. */
  public void pendingInto(int first, int end, EventHeap heap) {
    for (int id = first; id < end; id++) {
      for (int i = firstEvent[id]; i < firstEvent[id + 1]; i++) {
        heap.push(time[i], sent[i], tie[i], id, payload[i]);
      }
    }
  }
}
