package io.vstack.workload;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Worker;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Submits a fixed list of operations to worker 0, each a given pause after the previous one finished. */
final class PacedDriver implements LogicalProcess<XenMsg> {

  /** {@code kind} of guest {@code guest} ({@code vm-<guest>}), submitted {@code pause} ns after the previous. */
  record Step(Operation.Kind kind, int guest, long pause) implements Serializable {
  }

  /** Internal: submit the next step. */
  private record Submit() implements XenMsg {
  }

  private final Layout layout;
  private final Scenario scenario;
  private final List<Step> script;
  private final List<OperationResult> results = new ArrayList<>();
  private int next;

  PacedDriver(Layout layout, Scenario scenario, List<Step> script) {
    this.layout = layout;
    this.scenario = scenario;
    this.script = List.copyOf(script);
  }

  static Step create(int guest) {
    return new Step(Operation.Kind.create, guest, 0);
  }

  static Step destroy(int guest) {
    return new Step(Operation.Kind.destroy, guest, 0);
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    scheduleNext(ctx);
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Submit) {
      Step s = script.get(next++);
      ctx.send(layout.worker(0), scenario.cost().messageLatency(), new Worker.Start(new Operation(s.kind(),
          s.guest(), WorkloadDriver.name(s.guest()), scenario.guest(), ctx.now())));
    } else if (message instanceof Worker.OperationDone done) {
      results.add(done.result());
      scheduleNext(ctx);
    } else if (!(message instanceof Domain.GuestRunning) && !(message instanceof Domain.GuestCrashed)) {
      throw new IllegalArgumentException("unexpected " + message);
    }
  }

  private void scheduleNext(Context<XenMsg> ctx) {
    if (next < script.size()) {
      ctx.schedule(script.get(next).pause(), new Submit());
    }
  }

  /** Every finished operation, in order. */
  List<OperationResult> results() {
    return results;
  }
}
