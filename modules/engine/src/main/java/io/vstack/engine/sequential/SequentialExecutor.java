package io.vstack.engine.sequential;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.Executor;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.core.LpCore;
import io.vstack.engine.core.SequenceHash;

/**
 * The reference executor: one thread, one global event heap, no actors. It is the oracle every other executor
 * must match and the speed baseline they are measured against.
 */
public final class SequentialExecutor implements Executor {

  @Override
  public String name() {
    return "sequential";
  }

  @Override
  public RunResult run(Model model, RunSpec spec, DeliveryListener listener) {
    int n = model.processCount();
    EventHeap heap = new EventHeap(n * 4);
    LpCore.Outbox outbox = heap::push;
    LpCore<?>[] cores = new LpCore<?>[n];
    for (int id = 0; id < n; id++) {
      cores[id] = new LpCore<>(id, model.newProcess(id), model.lookahead(), spec.seed(), listener, outbox);
    }
    long events = 0;
    long last = 0;
    int current = -1;
    try {
      for (LpCore<?> core : cores) {
        current = core.id();
        core.start();
      }
      while (heap.peekTime() < spec.horizon()) {
        long time = heap.peekTime();
        long tie = heap.peekTie();
        long sent = heap.peekSent();
        current = heap.peekTarget();
        Object message = heap.peekPayload();
        heap.removeTop();
        last = time;
        cores[current].deliver(time, sent, tie, message);
        events++;
      }
    } catch (RuntimeException e) {
      throw new EngineFailure("process " + current + " failed at t=" + last + ": " + e.getMessage(), e);
    }
    long[] hashes = new long[n];
    for (int id = 0; id < n; id++) {
      hashes[id] = cores[id].hash();
    }
    return new RunResult(events, last, SequenceHash.combine(hashes), 0);
  }
}
