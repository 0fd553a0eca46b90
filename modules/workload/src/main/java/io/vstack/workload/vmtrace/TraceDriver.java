package io.vstack.workload.vmtrace;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.pool.WorkerPool;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Worker;
import java.util.List;

/**
 * Replays one host's share of a trace: each VM's {@code xl create} at its creation time and its {@code xl destroy}
 * at its deletion time (or, if it is not running yet then, as soon as it runs). VMs deleted at or after the end of
 * the trace window are left running. With a pre-filled shell pool the trace's clock starts once the pool is full.
 */
public final class TraceDriver implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits Arrive, Depart {
  }

  /** Internal: VM {@code guest}'s creation time has come. */
  record Arrive(int guest) implements Command {
  }

  /** Internal: VM {@code guest}'s deletion time has come. */
  record Depart(int guest) implements Command {
  }

  /** One VM of this host: when it is created and deleted (virtual ns; -1: never), and its size. */
  public record TraceVm(String name, long createAt, long deleteAt, GuestType type) {
  }

  private final WorkerPool pool;
  private final List<TraceVm> vms;
  private final boolean[] running;
  private final boolean[] departed;

  public TraceDriver(Layout layout, Scenario scenario, List<TraceVm> vms) {
    this.pool = WorkerPool.of(layout, scenario);
    this.vms = List.copyOf(vms);
    this.running = new boolean[vms.size()];
    this.departed = new boolean[vms.size()];
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    if (pool.open(ctx)) {
      begin(ctx);
    }
  }

  private void begin(Context<XenMsg> ctx) {
    for (int g = 0; g < vms.size(); g++) {
      ctx.schedule(vms.get(g).createAt(), new Arrive(g));
      if (vms.get(g).deleteAt() >= 0) {
        ctx.schedule(vms.get(g).deleteAt(), new Depart(g));
      }
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Arrive a) {
      submit(Operation.Kind.create, a.guest(), ctx);
    } else if (message instanceof Depart d) {
      departed[d.guest()] = true;
      if (running[d.guest()]) {
        submit(Operation.Kind.destroy, d.guest(), ctx);
      }
    } else if (message instanceof Domain.GuestCrashed c) {
      submit(Operation.Kind.destroy, c.guest(), ctx);
    } else if (message instanceof Domain.GuestRunning r) {
      running[r.guest()] = true;
      if (departed[r.guest()]) {
        submit(Operation.Kind.destroy, r.guest(), ctx);
      }
    } else if (message instanceof Worker.OperationDone done) {
      if (pool.done(done, ctx)) {
        begin(ctx);
      }
    } else {
      throw new IllegalArgumentException("trace driver cannot handle " + message);
    }
  }

  private void submit(Operation.Kind kind, int guest, Context<XenMsg> ctx) {
    TraceVm vm = vms.get(guest);
    pool.submit(new Operation(kind, guest, vm.name(), vm.type(), ctx.now()), ctx);
  }
}
