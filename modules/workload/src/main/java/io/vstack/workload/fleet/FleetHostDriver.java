package io.vstack.workload.fleet;

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
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet host's toolstack client, inside the host: it runs the creations and deletions the host's compute agent
 * hands it (as Nova's compute agent runs them through libvirt or xl) and leaves what became of them in
 * {@link #drain()} for the agent to report. A guest that crashes while booting is destroyed and reported failed;
 * a deletion asked for before the guest runs waits until it does.
 */
public final class FleetHostDriver implements LogicalProcess<XenMsg> {
  private static final long serialVersionUID = 1L;

  /** From the compute agent: create the guest in domain slot {@code slot}. */
  public record Create(int slot, String name, GuestType type) implements XenMsg {
  }

  /** From the compute agent: destroy the guest in slot {@code slot} (when it runs, if it does not yet). */
  public record Destroy(int slot) implements XenMsg {
  }

  /** From the compute agent: a periodic resource report is due now. */
  public record ReportDue() implements XenMsg {
  }

  /** What became of slot {@code slot}'s guest at {@code at}; a report due has no slot (-1). */
  public record Outcome(Kind kind, int slot, long at, String reason) implements java.io.Serializable {
    /**
     * running: it runs; failed: it could not be built (or crashed booting); removed: it is destroyed; report: a
     * periodic resource report is due.
     */
    public enum Kind { running, failed, removed, report }
  }

  private final WorkerPool pool;
  private final GuestType[] types;
  private final String[] names;
  private final boolean[] running;
  private final boolean[] doomed;
  private final List<Outcome> outcomes = new ArrayList<>();
  private int building;

  public FleetHostDriver(Layout layout, Scenario scenario) {
    this.pool = WorkerPool.of(layout, scenario);
    this.types = new GuestType[layout.guests()];
    this.names = new String[layout.guests()];
    this.running = new boolean[layout.guests()];
    this.doomed = new boolean[layout.guests()];
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    if (!pool.open(ctx)) {
      throw new IllegalStateException("a fleet host's toolstack has no pre-filled shell pool "
          + "(toolstack.shell-prefill = off for fleet scenarios)");
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Create c) {
      types[c.slot()] = c.type();
      names[c.slot()] = c.name();
      building++;
      pool.submit(new Operation(Operation.Kind.create, c.slot(), c.name(), c.type(), ctx.now()), ctx);
    } else if (message instanceof Destroy d) {
      doomed[d.slot()] = true;
      if (running[d.slot()]) {
        destroy(d.slot(), ctx);
      }
    } else if (message instanceof ReportDue) {
      outcomes.add(new Outcome(Outcome.Kind.report, -1, ctx.now(), ""));
    } else if (message instanceof Worker.OperationDone done) {
      pool.done(done, ctx);
      Operation op = done.result().operation();
      if (op.kind() == Operation.Kind.destroy) {
        outcomes.add(new Outcome(Outcome.Kind.removed, op.guest(), ctx.now(), ""));
      } else if (op.kind() == Operation.Kind.create && !done.result().ok()) {
        building--;
        outcomes.add(new Outcome(Outcome.Kind.failed, op.guest(), ctx.now(), done.result().failure()));
      }
    } else if (message instanceof Domain.GuestRunning r) {
      building--;
      running[r.guest()] = true;
      outcomes.add(new Outcome(Outcome.Kind.running, r.guest(), r.at(), ""));
      if (doomed[r.guest()]) {
        destroy(r.guest(), ctx);
      }
    } else if (message instanceof Domain.GuestCrashed c) {
      building--;
      outcomes.add(new Outcome(Outcome.Kind.failed, c.guest(), c.at(), "guest crashed while booting"));
      pool.submitUrgent(new Operation(Operation.Kind.destroy, c.guest(), names[c.guest()], types[c.guest()],
          ctx.now()), ctx);
    } else {
      throw new IllegalArgumentException("fleet host driver cannot handle " + message);
    }
  }

  private void destroy(int slot, Context<XenMsg> ctx) {
    running[slot] = false;
    pool.submit(new Operation(Operation.Kind.destroy, slot, names[slot], types[slot], ctx.now()), ctx);
  }

  /** Creations handed to the toolstack that have neither run nor failed yet. */
  public int building() {
    return building;
  }

  /** The outcomes since the last drain, oldest first. */
  public List<Outcome> drain() {
    List<Outcome> out = List.copyOf(outcomes);
    outcomes.clear();
    return out;
  }
}
