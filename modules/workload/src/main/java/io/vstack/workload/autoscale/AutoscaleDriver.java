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
import java.util.ArrayList;
import java.util.List;
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
  private static final long ACCOUNT_NS = 1_000_000_000L;

  private final Scenario scenario;
  private final WorkerPool pool;
  private final Load load;
  private final double perVm;
  private final double target;
  private final long tickNs;
  private final int maxGuests;
  private final TreeSet<Integer> running = new TreeSet<>();
  private final TreeSet<Integer> pending = new TreeSet<>();
  private final List<long[]> scaleOuts = new ArrayList<>();
  private final List<Long> timeToCapacity = new ArrayList<>();
  private final int[] scaleOutOf;
  private final int[] runningEachSecond;
  private int nextGuest;
  private double droppedRequests;
  private long violationNs;
  private double overProvisionedVmSeconds;
  private int exhausted;
  private long origin;

  public AutoscaleDriver(Layout layout, Scenario scenario, Load load, double perVm, double target,
      long tickNs) {
    this.scenario = scenario;
    this.pool = WorkerPool.of(layout, scenario);
    this.load = load;
    this.perVm = perVm;
    this.target = target;
    this.tickNs = tickNs;
    this.maxGuests = layout.guests();
    this.scaleOutOf = new int[maxGuests];
    this.runningEachSecond = new int[(int) Math.max(1, load.durationNs() / ACCOUNT_NS)];
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
      long[] event = scaleOuts.get(scaleOutOf[r.guest()]);
      if (--event[1] == 0) {
        timeToCapacity.add(r.at() - event[0]);
      }
    } else if (message instanceof Domain.GuestCrashed c) {
      pending.remove(c.guest());
      scaleOuts.get(scaleOutOf[c.guest()])[1]--;
      pool.submitUrgent(new Operation(Operation.Kind.destroy, c.guest(), "svc-" + c.guest(), scenario.guest(),
          ctx.now()), ctx);
    } else if (message instanceof Worker.OperationDone done) {
      if (pool.done(done, ctx)) {
        begin(ctx);
      }
      if (!done.result().ok() && done.result().operation().kind() == Operation.Kind.create) {
        pending.remove(done.result().operation().guest());
        scaleOuts.get(scaleOutOf[done.result().operation().guest()])[1]--;
      }
    } else {
      throw new IllegalArgumentException("autoscale driver cannot handle " + message);
    }
  }

  private void account(Context<XenMsg> ctx) {
    double offered = load.at(ctx.now() - origin);
    double capacity = running.size() * perVm;
    double seconds = ACCOUNT_NS / 1e9;
    runningEachSecond[(int) Math.min(runningEachSecond.length - 1, (ctx.now() - origin) / ACCOUNT_NS)] = running.size();
    if (capacity < offered) {
      droppedRequests += (offered - capacity) * seconds;
      violationNs += ACCOUNT_NS;
    }
    overProvisionedVmSeconds += Math.max(0, running.size() - Math.ceil(offered / perVm)) * seconds;
    if (ctx.now() - origin + ACCOUNT_NS < load.durationNs()) {
      ctx.schedule(ACCOUNT_NS, ACCOUNT);
    }
  }

  private void tick(Context<XenMsg> ctx) {
    long now = ctx.now();
    double offered = load.at(now - origin);
    int desired = (int) Math.ceil(offered / (perVm * target));
    int have = running.size() + pending.size();
    if (desired > have) {
      int add = Math.min(desired - have, maxGuests - nextGuest);
      exhausted += desired - have - add;
      if (add > 0) {
        scaleOuts.add(new long[] {now, add});
        for (int i = 0; i < add; i++) {
          int g = nextGuest++;
          scaleOutOf[g] = scaleOuts.size() - 1;
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
    if (now - origin + tickNs < load.durationNs()) {
      ctx.schedule(tickNs, TICK);
    }
  }

  /** What the service experienced over the run; {@code runningEachSecond[s]}: VMs serving in second s. */
  public record Metrics(double droppedRequests, double violationSeconds, double overProvisionedVmSeconds,
      long[] timeToCapacityNs, int scaleOuts, int guestsUsed, int scaleOutsCutShort, int[] runningEachSecond) {
  }

  public Metrics metrics() {
    return new Metrics(droppedRequests, violationNs / 1e9, overProvisionedVmSeconds,
        timeToCapacity.stream().mapToLong(Long::longValue).toArray(), scaleOuts.size(), nextGuest, exhausted,
        runningEachSecond.clone());
  }
}
