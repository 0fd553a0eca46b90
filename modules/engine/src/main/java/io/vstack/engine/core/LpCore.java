package io.vstack.engine.core;

import io.vstack.engine.CausalityViolation;
import io.vstack.engine.Context;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LookaheadViolation;
import io.vstack.engine.LpRandom;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import io.vstack.engine.checkpoint.ProcessState;
import io.vstack.engine.checkpoint.Restored;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical process as every executor runs it: its clock, send sequence, random stream and sequence hash
 * around the model's handler. Executors differ only in the {@link Outbox} that carries what it sends.
 */
public final class LpCore<M> implements Context<M> {

  /** Where a process's sends and self-schedules go; the executor decides how they reach their target. */
  @FunctionalInterface
  public interface Outbox {
    void post(long time, long sent, long tie, int target, Object message);
  }

  private final int id;
  private final LpRef<M> self;
  private final LogicalProcess<M> process;
  private final long lookahead;
  private final LpRandom random;
  private final DeliveryListener listener;
  private final Outbox outbox;
  private long now;
  private long seq;
  private long hash = SequenceHash.EMPTY;
  private long events;

  @SuppressWarnings("unchecked")
  public LpCore(int id, LogicalProcess<?> process, long lookahead, long runSeed, DeliveryListener listener,
      Outbox outbox) {
    if (id >= Ties.MAX_PROCESSES) {
      throw new IllegalArgumentException("at most " + Ties.MAX_PROCESSES + " logical processes, id was " + id);
    }
    this.id = id;
    this.self = LpRef.of(id);
    this.process = (LogicalProcess<M>) process;
    this.lookahead = lookahead;
    this.random = new LpRandom(Mix.processSeed(runSeed, id));
    this.listener = listener;
    this.outbox = outbox;
  }

  /** A process as a checkpoint saved it; it continues exactly where it was. */
  @SuppressWarnings("unchecked")
  public LpCore(ProcessState saved, long lookahead, DeliveryListener listener, Outbox outbox) {
    this.id = saved.id();
    this.self = LpRef.of(id);
    this.process = (LogicalProcess<M>) saved.process();
    this.lookahead = lookahead;
    this.random = new LpRandom(saved.random());
    this.listener = listener;
    this.outbox = outbox;
    this.now = saved.now();
    this.seq = saved.seq();
    this.hash = saved.hash();
    this.events = saved.events();
  }

  /**
   * Process {@code id} of {@code model}: made fresh, or (when {@code restored} is not null) as the checkpoint left it,
   * which the model is told about so it reads the process that actually runs.
   */
  public static LpCore<?> of(int id, Model model, long runSeed, Restored restored, DeliveryListener listener,
      Outbox outbox) {
    if (restored == null) {
      return new LpCore<>(id, model.newProcess(id), model.lookahead(), runSeed, listener, outbox);
    }
    model.restored(id, restored.process(id).process());
    return new LpCore<>(restored.process(id), model.lookahead(), listener, outbox);
  }

  /** This process as it is now, for a checkpoint taken at a barrier (nothing may be running). */
  public ProcessState save() {
    return new ProcessState(id, now, seq, hash, events, random.state(), process);
  }

  /** {@link #save} of each of {@code cores}, in order. */
  public static List<ProcessState> saveAll(LpCore<?>[] cores) {
    List<ProcessState> out = new ArrayList<>(cores.length);
    for (LpCore<?> core : cores) {
      out.add(core.save());
    }
    return out;
  }

  public void start() {
    process.start(this);
  }

  @SuppressWarnings("unchecked")
  public void deliver(long time, long sent, long tie, Object message) {
    if (time < now) {
      throw new CausalityViolation("process " + id + " at t=" + now + " was handed an event stamped t=" + time
          + " from process " + Ties.sender(tie));
    }
    now = time;
    events++;
    hash = SequenceHash.step(hash, time, tie, message);
    if (listener != DeliveryListener.NONE) {
      listener.onDeliver(time, sent, Ties.sender(tie), id, message);
    }
    process.handle((M) message, this);
  }

  public int id() {
    return id;
  }

  public long hash() {
    return hash;
  }

  public long events() {
    return events;
  }

  public LogicalProcess<M> process() {
    return process;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public LpRef<M> self() {
    return self;
  }

  @Override
  public <T> void send(LpRef<T> target, long delay, T message) {
    post(delay, target.id(), message);
  }

  @Override
  public void schedule(long delay, M message) {
    post(delay, id, message);
  }

  private void post(long delay, int target, Object message) {
    check(id, now, target, delay, message, lookahead);
    outbox.post(now + delay, now, Ties.of(id, seq++), target, message);
  }

  /**
   * Fails a send from process {@code from} at {@code now} that the engine's contract forbids: a null message, a
   * negative delay or one that overflows virtual time, or a latency below {@code lookahead} to another process.
   */
  public static void check(int from, long now, int target, long delay, Object message, long lookahead) {
    if (message == null) {
      throw new IllegalArgumentException("process " + from + " at t=" + now + ": null message");
    }
    if (delay < 0 || delay > Long.MAX_VALUE - now) {
      throw new IllegalArgumentException("process " + from + " at t=" + now + ": delay " + delay
          + " is negative or overflows virtual time");
    }
    if (target != from && delay < lookahead) {
      throw new LookaheadViolation("process " + from + " at t=" + now + " sent " + message.getClass().getSimpleName()
          + " to process " + target + " with latency " + delay + " < lookahead " + lookahead);
    }
  }

  @Override
  public LpRandom random() {
    return random;
  }
}
