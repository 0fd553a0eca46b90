package io.vstack.engine.phold;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import java.io.Serializable;

/**
 * PHOLD, the standard synthetic benchmark for parallel discrete-event simulators: each process starts with
 * {@code population} events; handling one sends a new event to a uniformly random process after the lookahead
 * plus an exponential delay. Event count and message pattern are fixed by the seed, which makes it the
 * determinism oracle and the engine benchmark.
 *
 * @param processes  number of logical processes
 * @param lookahead  minimum send latency, ticks
 * @param meanDelay  mean of the exponential part of each send latency, ticks
 * @param population events each process starts with
 */
public record Phold(int processes, long lookahead, long meanDelay, int population) implements Model, Serializable {

  public Phold {
    if (processes <= 0 || lookahead <= 0 || meanDelay < 0 || population < 0) {
      throw new IllegalArgumentException("PHOLD needs processes > 0, lookahead > 0, meanDelay >= 0, "
          + "population >= 0");
    }
  }

  /** Virtual time after which a run of this model has delivered about {@code events} events. */
  public long horizonFor(long events) {
    double perTick = (double) processes * population / (lookahead + meanDelay);
    return Math.max(1, (long) Math.ceil(events / perTick));
  }

  @Override
  public int processCount() {
    return processes;
  }

  @Override
  public LogicalProcess<?> newProcess(int id) {
    return new Process(this);
  }

  /** The one event PHOLD knows: a ball that has been passed {@code hops} times. */
  public record Ball(int hops) implements Serializable {
  }

  /** A PHOLD process; its state is the number of balls it handled and a checksum of when and which. */
  public static final class Process implements LogicalProcess<Ball> {
    private final Phold model;
    private long handled;
    private long checksum;

    Process(Phold model) {
      this.model = model;
    }

    @Override
    public void start(Context<Ball> ctx) {
      for (int i = 0; i < model.population; i++) {
        ctx.schedule(exponential(ctx), new Ball(0));
      }
    }

    @Override
    public void handle(Ball ball, Context<Ball> ctx) {
      handled++;
      checksum = checksum * 31 + ctx.now() * 17 + ball.hops();
      LpRef<Ball> target = LpRef.of(ctx.random().nextInt(model.processes));
      ctx.send(target, model.lookahead + exponential(ctx), new Ball(ball.hops() + 1));
    }

    private long exponential(Context<Ball> ctx) {
      return (long) (-StrictMath.log(1.0 - ctx.random().nextDouble()) * model.meanDelay);
    }

    public long handled() {
      return handled;
    }

    public long checksum() {
      return checksum;
    }
  }
}
