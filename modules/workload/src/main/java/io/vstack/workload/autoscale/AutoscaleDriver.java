package io.vstack.workload.autoscale;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.pool.WorkerPool;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Worker;
import java.util.TreeSet;

/**
 * A service on one host under a {@link Load}, with an auto-scaler: every tick it sizes the service to
 * {@code ceil(load / (perVm * target))} VMs, creating the missing ones and destroying the newest surplus ones. It
 * measures, every second, the requests it could not serve, SLO-violation time (capacity below load),
 * over-provisioned VM-seconds (VMs beyond what the load needs at full utilization), and for each scale-out how
 * long until all the VMs it asked for ran (time to capacity). With a pre-filled shell pool the load curve's time 0
 * is when the pool is full, as LightVM's daemon prepares its shells before the service starts.
 *
 * @param perVm  requests/s one running VM serves
 * @param target utilization the scaler aims for (0..1)
 * @param tickNs scaler period, virtual ns
 */
public final class AutoscaleDriver implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits Tick, Account {
  }

  /** Internal: the scaler's periodic decision. */
  record Tick() implements Command {
  }

  /** Internal: one second of service is accounted (served, dropped, over-provisioned). */
  record Account() implements Command {
  }

  private static final Tick TICK = new Tick();
  private static final Account ACCOUNT = new Account();

  private final Scenario scenario;
  private final WorkerPool pool;
  private final ServiceMeter meter;
  private final long tickNs;
  private final int maxGuests;
  private final TreeSet<Integer> running = new TreeSet<>();
  private final TreeSet<Integer> pending = new TreeSet<>();
  private final int[] scaleOutOf;
  private int nextGuest;
  private int exhausted;
  private long origin;

  public AutoscaleDriver(Layout layout, Scenario scenario, Load load, double perVm, double target,
      long tickNs) {
    this.scenario = scenario;
    this.pool = WorkerPool.of(layout, scenario);
    this.meter = new ServiceMeter(load, perVm, target);
    this.tickNs = tickNs;
    this.maxGuests = layout.guests();
    this.scaleOutOf = new int[maxGuests];
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    if (pool.open(ctx)) {
      begin(ctx);
    }
  }

  private void begin(Context<XenMsg> ctx) {
    origin = ctx.now();
    ctx.schedule(0, TICK);
    ctx.schedule(0, ACCOUNT);
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Tick) {
      tick(ctx);
    } else if (message instanceof Account) {
      account(ctx);
    } else if (message instanceof Domain.GuestRunning r) {
      pending.remove(r.guest());
      running.add(r.guest());
      meter.ran(scaleOutOf[r.guest()], r.at());
    } else if (message instanceof Domain.GuestCrashed c) {
      pending.remove(c.guest());
      meter.lost(scaleOutOf[c.guest()]);
      pool.submitUrgent(new Operation(Operation.Kind.destroy, c.guest(), "svc-" + c.guest(), scenario.guest(),
          ctx.now()), ctx);
    } else if (message instanceof Worker.OperationDone done) {
      if (pool.done(done, ctx)) {
        begin(ctx);
      }
      if (!done.result().ok() && done.result().operation().kind() == Operation.Kind.create) {
        pending.remove(done.result().operation().guest());
        meter.lost(scaleOutOf[done.result().operation().guest()]);
      }
    } else {
      throw new IllegalArgumentException("autoscale driver cannot handle " + message);
    }
  }

  private void account(Context<XenMsg> ctx) {
    meter.account(ctx.now() - origin, running.size());
    if (meter.within(ctx.now() - origin, ServiceMeter.ACCOUNT_NS)) {
      ctx.schedule(ServiceMeter.ACCOUNT_NS, ACCOUNT);
    }
  }

  private void tick(Context<XenMsg> ctx) {
    long now = ctx.now();
    int desired = meter.desired(now - origin);
    int have = running.size() + pending.size();
    if (desired > have) {
      int add = Math.min(desired - have, maxGuests - nextGuest);
      exhausted += desired - have - add;
      if (add > 0) {
        int scaleOut = meter.scaleOut(now, add);
        for (int i = 0; i < add; i++) {
          int g = nextGuest++;
          scaleOutOf[g] = scaleOut;
          pending.add(g);
          pool.submit(new Operation(Operation.Kind.create, g, "svc-" + g, scenario.guest(), now), ctx);
        }
      }
    } else if (desired < running.size() && pending.isEmpty()) {
      for (int i = running.size() - desired; i > 0; i--) {
        int g = running.pollLast();
        pool.submitUrgent(new Operation(Operation.Kind.destroy, g, "svc-" + g, scenario.guest(), now), ctx);
      }
    }
    if (meter.within(now - origin, tickNs)) {
      ctx.schedule(tickNs, TICK);
    }
  }

  /** What the service experienced over the run; {@code runningEachSecond[s]}: VMs serving in second s. */
  public record Metrics(double droppedRequests, double violationSeconds, double overProvisionedVmSeconds,
      long[] timeToCapacityNs, int scaleOuts, int guestsUsed, int scaleOutsCutShort, int[] runningEachSecond) {
  }

  public Metrics metrics() {
    return new Metrics(meter.droppedRequests(), meter.violationSeconds(), meter.overProvisionedVmSeconds(),
        meter.timeToCapacityNs(), meter.scaleOuts(), nextGuest, exhausted, meter.runningEachSecond());
  }
}
