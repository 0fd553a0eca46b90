package io.vstack.model.domain;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import java.util.Map;

/**
 * A guest's lifecycle: requested, creating, running (after its kernel booted), destroying, gone; or failed when
 * its creation did not complete. Once unpaused it boots its kernel on its vCPU 0's pCPU. While it runs it keeps
 * needing a share of one dom0 vCPU (its device model, console and backends), which it adds to that pCPU's load when
 * it starts running and takes back when its destruction starts.
 */
public final class Domain implements Component {

  public sealed interface Command extends XenMsg permits Creating, Boot, Booted, Crash, Destroying, Gone, Failed {
  }

  /** Fault: the guest's kernel crashes if it is still booting now. */
  public record Crash() implements Command {
  }

  /** A toolstack worker started creating this guest. */
  public record Creating() implements Command {
  }

  /** The guest was unpaused as {@code domid}: boot the kernel on {@code pcpu}, then tell {@code watcher}. */
  public record Boot(int domid, LpRef<XenMsg> pcpu, LpRef<XenMsg> watcher) implements Command, XenMsg.AboutDomain {
  }

  /** Internal: the kernel finished booting. */
  record Booted() implements Command {
  }

  /** A toolstack worker started destroying this guest. */
  public record Destroying() implements Command {
  }

  /** Destruction finished: memory scrubbed, Xenstore cleaned, domid released. */
  public record Gone() implements Command {
  }

  /** The creation failed for {@code reason}. */
  public record Failed(String reason) implements Command {
  }

  /** Sent to the boot's {@code watcher} when the guest runs. */
  public record GuestRunning(int guest, long at) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("guest", guest);
    }
  }

  /** Sent to the boot's {@code watcher} when the guest crashed while booting (xl's on_crash policy applies). */
  public record GuestCrashed(int guest, long at) implements XenMsg {
  }

  /** Where a guest is in its life. */
  public enum State { requested, creating, booting, running, crashed, destroying, gone, failed }

  private final int guest;
  private final long kernelBoot;
  private final long latency;
  private final LpRef<XenMsg> self;
  private State state = State.requested;
  private int domid;
  private LpRef<XenMsg> watcher;
  private long unpausedAt = -1;
  private long runningAt = -1;
  private String failure = "";
  private final long crashAt;
  private long crashedAt = -1;
  private final LpRef<XenMsg> dom0Pcpu;
  private final long dom0PerSecond;
  private boolean loadsDom0;

  public Domain(int guest, long kernelBoot, long latency, LpRef<XenMsg> self) {
    this(guest, kernelBoot, latency, self, -1, null, 0);
  }

  /**
   * A guest that crashes at {@code crashAt} if it is booting then (a model fault; -1: never) and, while running,
   * needs {@code dom0PerSecond} ns per second of {@code dom0Pcpu} (0: nothing).
   */
  public Domain(int guest, long kernelBoot, long latency, LpRef<XenMsg> self, long crashAt, LpRef<XenMsg> dom0Pcpu,
      long dom0PerSecond) {
    this.crashAt = crashAt;
    this.dom0Pcpu = dom0Pcpu;
    this.dom0PerSecond = dom0PerSecond;
    this.guest = guest;
    this.kernelBoot = kernelBoot;
    this.latency = latency;
    this.self = self;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    if (crashAt >= 0) {
      ctx.schedule(crashAt, new Crash());
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Creating) {
      move(State.requested, State.creating);
    } else if (message instanceof Boot b) {
      move(State.creating, State.booting);
      domid = b.domid();
      watcher = b.watcher();
      unpausedAt = ctx.now();
      ctx.send(b.pcpu(), latency, new Pcpu.Run(WorkKind.guest, kernelBoot, self, new Booted()));
    } else if (message instanceof Crash) {
      if (state == State.booting) {
        state = State.crashed;
        crashedAt = ctx.now();
        ctx.send(watcher, latency, new GuestCrashed(guest, crashedAt));
      }
    } else if (message instanceof Booted && crashedAt >= 0) {
      return;
    } else if (message instanceof Booted) {
      runningAt = ctx.now();
      if (state == State.booting) {
        state = State.running;
        loadDom0(dom0PerSecond, ctx);
      }
      ctx.send(watcher, latency, new GuestRunning(guest, runningAt));
    } else if (message instanceof Destroying) {
      if (state != State.running && state != State.booting && state != State.crashed) {
        throw new IllegalStateException("guest " + guest + " destroyed while " + state);
      }
      state = State.destroying;
      loadDom0(-dom0PerSecond, ctx);
    } else if (message instanceof Gone) {
      move(State.destroying, State.gone);
    } else if (message instanceof Failed f) {
      move(State.creating, State.failed);
      failure = f.reason();
    } else {
      throw new IllegalArgumentException("guest " + guest + " cannot handle " + message);
    }
  }

  /** Adds {@code perSecond} to the dom0 vCPU's load, or takes it back: only what was added, and only once. */
  private void loadDom0(long perSecond, Context<XenMsg> ctx) {
    if (dom0PerSecond == 0 || loadsDom0 == (perSecond > 0)) {
      return;
    }
    loadsDom0 = perSecond > 0;
    ctx.send(dom0Pcpu, latency, new Pcpu.Dom0Load(perSecond));
  }

  private void move(State from, State to) {
    if (state != from) {
      throw new IllegalStateException("guest " + guest + " is " + state + ", expected " + from + " before " + to);
    }
    state = to;
  }

  /** Final lifecycle state. */
  public record Report(int guest, State state, int domid, long unpausedAt, long runningAt, String failure,
      long crashedAt) implements FinalReport {
  }

  public Report report() {
    return new Report(guest, state, domid, unpausedAt, runningAt, failure, crashedAt);
  }

  public int guest() {
    return guest;
  }

  public State state() {
    return state;
  }

  public int domid() {
    return domid;
  }

  public long runningAt() {
    return runningAt;
  }

  public String failure() {
    return failure;
  }
}
