package io.vstack.engine.sequential;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.Executor;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.CheckpointCodec;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.checkpoint.Restored;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.core.LpCore;
import io.vstack.engine.core.SequenceHash;
import java.util.List;

/**
 * The reference executor: one thread, one global event heap, no actors. It is the oracle every other executor
 * must match and the speed baseline they are measured against. It has no windows; its barriers for checkpoints
 * are the moments between two distinct event times.
 */
public final class SequentialExecutor implements Executor {

  @Override
  public String name() {
    return "sequential";
  }

  @Override
  public boolean deliversInTimeOrder() {
    return true;
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    return run(model, spec, listener, Checkpointing.NONE);
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener, Checkpointing checkpointing) {
    int n = model.processCount();
    EventHeap heap = new EventHeap(n * 4);
    LpCore.Outbox outbox = heap::push;
    LpCore<?>[] cores = new LpCore<?>[n];
    Checkpoint resume = checkpointing.resumeFrom();
    Restored restored = resume == null ? null : new Restored(resume, n);
    for (int id = 0; id < n; id++) {
      cores[id] = LpCore.of(id, model, spec.seed(), restored, listener, outbox);
    }
    if (restored != null) {
      restored.pendingInto(0, n, heap);
    }
    Checkpointing.Timer timer = checkpointing.timer();
    long barriers = resume == null ? 0 : resume.window();
    long last = 0;
    int current = -1;
    try {
      if (restored == null) {
        for (LpCore<?> core : cores) {
          current = core.id();
          core.start();
        }
      }
      while (heap.peekTime() < spec.horizon()) {
        long time = heap.peekTime();
        if (time != last && checkpointing.takes() && timer.due(++barriers)) {
          checkpointing.sink().save(new Checkpoint(barriers, time, List.of(CheckpointCodec.encode(
              heap.slice(LpCore.saveAll(cores))))));
          timer.taken();
        }
        long tie = heap.peekTie();
        long sent = heap.peekSent();
        current = heap.peekTarget();
        Object message = heap.peekPayload();
        heap.removeTop();
        last = time;
        cores[current].deliver(time, sent, tie, message);
      }
    } catch (RuntimeException e) {
      throw new EngineFailure("process " + current + " failed at t=" + last + ": " + e.getMessage(), e);
    }
    long[] hashes = new long[n];
    long events = 0;
    for (int id = 0; id < n; id++) {
      hashes[id] = cores[id].hash();
      events += cores[id].events();
      last = Math.max(last, cores[id].now());
    }
    return new RunResult(events, last, SequenceHash.combine(hashes), 0);
  }
}
