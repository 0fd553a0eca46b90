package io.vstack.workload;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.domain.Domain;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Worker;
import java.util.ArrayList;
import java.util.List;

/** Submits a fixed list of operations one after another to worker 0, each when the previous one finished. */
final class ScriptedDriver implements LogicalProcess<XenMsg> {
  private final Layout layout;
  private final long latency;
  private final List<Operation> script;
  private final List<OperationResult> results = new ArrayList<>();
  private int next;

  ScriptedDriver(Layout layout, long latency, List<Operation> script) {
    this.layout = layout;
    this.latency = latency;
    this.script = script;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    submit(ctx);
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.OperationDone done) {
      results.add(done.result());
      submit(ctx);
    } else if (!(message instanceof Domain.GuestRunning) && !(message instanceof Domain.GuestCrashed)) {
      throw new IllegalArgumentException("unexpected " + message);
    }
  }

  private void submit(Context<XenMsg> ctx) {
    if (next < script.size()) {
      Operation op = script.get(next++);
      ctx.send(layout.worker(0), latency, new Worker.Start(new Operation(op.kind(), op.guest(), op.name(),
          op.type(), ctx.now())));
    }
  }

  List<OperationResult> results() {
    return results;
  }
}
