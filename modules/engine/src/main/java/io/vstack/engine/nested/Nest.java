package io.vstack.engine.nested;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRandom;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.core.LpCore;
import io.vstack.engine.core.Mix;
import io.vstack.engine.core.SequenceHash;
import io.vstack.engine.core.Ties;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A whole model run inside one logical process of another (a host's components inside one process of a fleet):
 * its processes keep their own ids, clocks, random streams and lookahead, and handle their events in the order
 * the sequential executor gives them, {@code (time, sender id, sender sequence)}. The enclosing process steps it
 * ({@link #runThrough}) at the times {@link #nextTime} names, and hands it events from outside ({@link #inject})
 * under a sender id of its own, {@link #outside()}, one past the last process. Nothing in it is shared with other
 * processes, so the enclosing model may be run by any executor; and as it is plain data, it is saved with the
 * enclosing process in a checkpoint. It is its processes' {@link Context}: one process runs at a time.
 */
public final class Nest implements Context<Object>, Serializable {
  private static final long serialVersionUID = 1L;

  private final LogicalProcess<Object>[] processes;
  private final long lookahead;
  private final long[] now;
  private final long[] seq;
  private final long[] hash;
  private final long[] events;
  private final LpRandom[] random;
  private final EventHeap heap;
  private long outsideSeq;
  private int current = -1;

  /** {@code model}'s processes, made now; none has started. */
  @SuppressWarnings("unchecked")
  public Nest(Model model) {
    int n = model.processCount();
    if (n + 1 >= Ties.MAX_PROCESSES) {
      throw new IllegalArgumentException("a nested model has at most " + (Ties.MAX_PROCESSES - 2) + " processes");
    }
    this.processes = new LogicalProcess[n];
    for (int id = 0; id < n; id++) {
      processes[id] = (LogicalProcess<Object>) model.newProcess(id);
    }
    this.lookahead = model.lookahead();
    this.now = new long[n];
    this.seq = new long[n];
    this.hash = new long[n];
    this.events = new long[n];
    this.random = new LpRandom[n];
    this.heap = new EventHeap(n * 4);
    Arrays.fill(hash, SequenceHash.EMPTY);
  }

  /**
   * Starts every process at virtual time {@code at}, in id order, their random streams drawn from {@code seed}
   * as an executor draws them from a run seed.
   */
  public void start(long seed, long at) {
    for (int id = 0; id < processes.length; id++) {
      random[id] = new LpRandom(Mix.processSeed(seed, id));
      now[id] = at;
    }
    for (int id = 0; id < processes.length; id++) {
      current = id;
      processes[id].start(this);
    }
    current = -1;
  }

  /** The time of the earliest pending event, or {@link Long#MAX_VALUE} when nothing is pending. */
  public long nextTime() {
    return heap.peekTime();
  }

  /** The sender id events from outside carry: one past the last process. */
  public int outside() {
    return processes.length;
  }

  /** Hands {@code message} from outside to process {@code target} at virtual time {@code time}. */
  public void inject(long time, int target, Object message) {
    if (target < 0 || target >= processes.length) {
      throw new IllegalArgumentException("no process " + target + " in this nest of " + processes.length);
    }
    if (message == null) {
      throw new IllegalArgumentException("null message from outside to process " + target);
    }
    heap.push(time, time, Ties.of(outside(), outsideSeq++), target, message);
  }

  /** Handles every pending event stamped at or before {@code time}, including those they cause meanwhile. */
  public void runThrough(long time) {
    while (heap.peekTime() <= time) {
      long t = heap.peekTime();
      long tie = heap.peekTie();
      int target = heap.peekTarget();
      Object message = heap.peekPayload();
      heap.removeTop();
      now[target] = t;
      events[target]++;
      hash[target] = SequenceHash.step(hash[target], t, tie, message);
      current = target;
      try {
        processes[target].handle(message, this);
      } finally {
        current = -1;
      }
    }
  }

  /** Process {@code id} as it is now. */
  public LogicalProcess<?> process(int id) {
    return processes[id];
  }

  public int processCount() {
    return processes.length;
  }

  /** Events handled so far by all processes. */
  public long events() {
    long total = 0;
    for (long e : events) {
      total += e;
    }
    return total;
  }

  /** The sequence hash of what was handled so far, as an executor computes a run's. */
  public long hash() {
    return SequenceHash.combine(hash);
  }

  @Override
  public long now() {
    return now[current];
  }

  @Override
  public LpRef<Object> self() {
    return LpRef.of(current);
  }

  @Override
  public <T> void send(LpRef<T> target, long delay, T message) {
    post(target.id(), delay, message);
  }

  @Override
  public void schedule(long delay, Object message) {
    post(current, delay, message);
  }

  private void post(int target, long delay, Object message) {
    int from = current;
    LpCore.check(from, now[from], target, delay, message, lookahead);
    if (target < 0 || target >= processes.length) {
      throw new IllegalArgumentException("process " + from + " sent to process " + target
          + ", outside its nest of " + processes.length);
    }
    heap.push(now[from] + delay, now[from], Ties.of(from, seq[from]++), target, message);
  }

  @Override
  public LpRandom random() {
    return random[current];
  }
}
