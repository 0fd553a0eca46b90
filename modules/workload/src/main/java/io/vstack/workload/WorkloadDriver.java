package io.vstack.workload;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.WorkloadSpec;
import io.vstack.model.domain.Domain;
import io.vstack.model.pool.WorkerPool;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Worker;

/**
 * Submits a scenario's creations, per {@link WorkloadSpec.Pattern}: a storm (every guest's {@code xl create} at
 * time 0) or one at a time (each when the previous {@code xl create} returned). Then, per
 * {@link WorkloadSpec.Destroy}: a destroy storm of every running guest once each creation has failed or runs,
 * each guest's destroy as soon as it runs, or nothing. A guest that crashes while booting (a model fault) is
 * destroyed at once, as xl's default {@code on_crash = destroy} does. With a pre-filled shell pool the workload
 * begins once the pool is full, as LightVM's daemon prepares its shells ahead of time.
 */
public final class WorkloadDriver implements LogicalProcess<XenMsg> {
  private final Scenario scenario;
  private final WorkerPool pool;
  private final boolean[] created;
  private int createsFinished;
  private int createsOk;
  private int settled;
  private boolean destroying;

  public WorkloadDriver(Layout layout, Scenario scenario) {
    this.scenario = scenario;
    this.pool = WorkerPool.of(layout, scenario);
    this.created = new boolean[layout.guests()];
  }

  /** The toolstack's dispatcher, with the shell pool if the scenario has one. */
  public WorkerPool pool() {
    return pool;
  }

  public static String name(int guest) {
    return "vm-" + guest;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    if (pool.open(ctx)) {
      begin(ctx);
    }
  }

  private void begin(Context<XenMsg> ctx) {
    boolean storm = scenario.workload().pattern() == WorkloadSpec.Pattern.storm;
    for (int g = 0; g < (storm ? created.length : 1); g++) {
      pool.submit(new Operation(Operation.Kind.create, g, name(g), scenario.guest(), ctx.now()), ctx);
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.OperationDone done) {
      if (pool.done(done, ctx)) {
        begin(ctx);
      }
      Operation op = done.result().operation();
      if (op.kind() == Operation.Kind.create) {
        createsFinished++;
        if (done.result().ok()) {
          createsOk++;
          created[op.guest()] = true;
        }
        if (scenario.workload().pattern() == WorkloadSpec.Pattern.one_at_a_time && createsFinished < created.length) {
          pool.submit(new Operation(Operation.Kind.create, createsFinished, name(createsFinished),
              scenario.guest(), ctx.now()), ctx);
        }
      }
    } else if (message instanceof Domain.GuestCrashed c) {
      settled++;
      created[c.guest()] = false;
      pool.submitUrgent(new Operation(Operation.Kind.destroy, c.guest(), name(c.guest()), scenario.guest(),
          ctx.now()), ctx);
    } else if (message instanceof Domain.GuestRunning r) {
      settled++;
      if (scenario.workload().destroy() == WorkloadSpec.Destroy.on_running) {
        pool.submitUrgent(new Operation(Operation.Kind.destroy, r.guest(), name(r.guest()), scenario.guest(),
            ctx.now()), ctx);
      }
    } else {
      throw new IllegalArgumentException("workload driver cannot handle " + message);
    }
    if (!destroying && createsFinished == created.length && settled == createsOk
        && scenario.workload().destroy() == WorkloadSpec.Destroy.after_boot) {
      destroying = true;
      for (int g = 0; g < created.length; g++) {
        if (created[g]) {
          pool.submit(new Operation(Operation.Kind.destroy, g, name(g), scenario.guest(), ctx.now()), ctx);
        }
      }
    }
  }
}
