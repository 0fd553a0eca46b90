package io.vstack.workload;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.pool.WorkerPool;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Worker;
import java.io.Serializable;
import java.util.List;

/** Submits a fixed list of operations through the scenario's worker pool, each at a given virtual time. */
final class TimedDriver implements LogicalProcess<XenMsg> {

  /** {@code kind} of guest {@code guest} ({@code vm-<guest>}), submitted at virtual time {@code at} (ns). */
  record Step(Operation.Kind kind, int guest, long at) implements Serializable {
  }

  /** Internal: submit step {@code step}. */
  private record Submit(int step) implements XenMsg {
  }

  private final Scenario scenario;
  private final WorkerPool pool;
  private final List<Step> script;

  TimedDriver(Layout layout, Scenario scenario, List<Step> script) {
    this.scenario = scenario;
    this.pool = WorkerPool.of(layout, scenario);
    this.script = List.copyOf(script);
  }

  static Step create(int guest, long at) {
    return new Step(Operation.Kind.create, guest, at);
  }

  static Step destroy(int guest, long at) {
    return new Step(Operation.Kind.destroy, guest, at);
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    for (int s = 0; s < script.size(); s++) {
      ctx.schedule(script.get(s).at(), new Submit(s));
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Submit s) {
      Step step = script.get(s.step());
      pool.submit(new Operation(step.kind(), step.guest(), WorkloadDriver.name(step.guest()), scenario.guest(),
          ctx.now()), ctx);
    } else if (message instanceof Worker.OperationDone done) {
      pool.done(done.worker(), ctx);
    } else if (!(message instanceof Domain.GuestRunning) && !(message instanceof Domain.GuestCrashed)) {
      throw new IllegalArgumentException("unexpected " + message);
    }
  }
}
