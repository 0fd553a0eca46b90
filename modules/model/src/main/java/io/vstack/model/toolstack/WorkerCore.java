package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard.XsReply;
import java.util.ArrayList;
import java.util.List;

/**
 * How a toolstack worker runs: one operation at a time, as a state machine whose step (a {@link SharedStep} or one
 * of the worker's own) waits for one reply or resumption, matched by a tag; its own CPU work on the dom0 vCPU it is
 * pinned to, locks taken and released, sleeps; Xenstore transactions (see {@link TransactionLoop}); when each phase
 * began and ended; the operation's result for the driver and the worker's final report. What it does with all that
 * is in {@link OperationWorker} and the workers.
 */
public abstract class WorkerCore implements Component {
  protected final int index;
  protected final Layout layout;
  protected final Scenario scenario;
  protected final CostModel cost;
  protected final Switches switches;
  protected final LpRef<XenMsg> self;
  protected final ShardRouting routing;
  protected final TransactionLoop transactions;
  /** The node of the dom0 vCPU the worker is pinned to. */
  protected final int pcpuNode;
  private final LpRef<XenMsg> pcpu;
  private final long latency;

  /** Where the state machine waits: a {@link SharedStep} or one of the worker's own. */
  protected Enum<?> step = SharedStep.idle;
  /** The tag of the reply or resumption the current step waits for. */
  protected long tag;
  protected Operation op;
  protected int domid;
  private PhaseTimes phases;
  private final List<OperationResult> history = new ArrayList<>();

  protected WorkerCore(int index, Layout layout, Scenario scenario, LpRef<XenMsg> self) {
    this.index = index;
    this.layout = layout;
    this.scenario = scenario;
    this.cost = scenario.cost();
    this.switches = scenario.switches();
    this.self = self;
    int dom0Cpu = index % scenario.host().dom0Vcpus();
    this.pcpuNode = scenario.host().nodeOfPcpu(dom0Cpu);
    this.pcpu = layout.pcpu(dom0Cpu);
    this.latency = cost.messageLatency();
    this.routing = new ShardRouting(layout, switches.backends());
    this.transactions = new TransactionLoop(self, cost.xsMaxRetries());
  }

  /** Takes {@code operation} on, {@link #open opening} it, and starts its first step. */
  protected abstract void begin(Operation operation, Context<XenMsg> ctx);

  /** The CPU work, lock grant or sleep the current step waits for is over. */
  protected abstract void resumeStep(Context<XenMsg> ctx);

  /** Any message but an operation handed over or a resumption. */
  protected abstract void onMessage(XenMsg message, Context<XenMsg> ctx);

  /** The transaction opened in the current step's {@code *_tx_start} committed on every shard it touched. */
  protected abstract void committed(Context<XenMsg> ctx);

  /** Ends the operation as failed, undoing what it did as the toolstack's error path does. */
  protected abstract void fail(String reason, Context<XenMsg> ctx);

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Worker.Start s) {
      begin(s.operation(), ctx);
    } else if (message instanceof Worker.Resume r) {
      if (r.tag() == tag) {
        resumeStep(ctx);
      }
    } else {
      onMessage(message, ctx);
    }
  }

  /** Takes {@code operation} on (the worker must be idle): no phase run yet, no retry, no domain. */
  protected void open(Operation operation, Context<XenMsg> ctx) {
    if (step != SharedStep.idle) {
      throw new IllegalStateException("worker " + index + " got " + operation + " while busy with " + op);
    }
    op = operation;
    phases = new PhaseTimes(ctx.now());
    transactions.reset();
    domid = 0;
  }

  /** Records the operation's result (at {@code ctx.now()}) and sends it to the driver with {@code shell}, if any. */
  protected void answer(boolean ok, String failure, Shell shell, Context<XenMsg> ctx) {
    OperationResult result = phases.result(op, index, domid, ctx.now(), ok, failure, transactions.operationRetries());
    history.add(result);
    send(layout.driver(), new Worker.OperationDone(index, result, shell), ctx);
  }

  // Xenstore transactions: libxl's loop of start, apply, commit, again on EAGAIN up to a bound.

  /**
   * Opens a transaction writing {@code ops} of the current domain on the shards they live on; {@code start} is its
   * {@code *_tx_start} step, followed by its apply and commit steps.
   */
  protected void startTransaction(Enum<?> start, List<TxOp> ops, Context<XenMsg> ctx) {
    step = start;
    transactions.start(routing.byShard(ops, domid), port(ctx));
  }

  /** Whether {@code r} answers the open transaction; if so it moves the transaction on. */
  protected boolean transactionReply(XsReply r, Context<XenMsg> ctx) {
    switch (transactions.onReply(r, port(ctx))) {
      case not_ours -> {
        return false;
      }
      case waiting -> { }
      case next_stage -> step = shifted(step, 1);
      case retried -> step = shifted(step, -2);
      case committed -> committed(ctx);
      case gave_up -> fail("Xenstore transaction still conflicting after " + transactions.maxRetries() + " retries",
          ctx);
    }
    return true;
  }

  /** Each step enum's constants, read once: {@code getEnumConstants} copies them on every call. */
  private static final ClassValue<Enum<?>[]> STEPS = new ClassValue<>() {
    @Override
    protected Enum<?>[] computeValue(Class<?> type) {
      return (Enum<?>[]) type.getEnumConstants();
    }
  };

  private static Enum<?> shifted(Enum<?> s, int by) {
    return STEPS.get(s.getDeclaringClass())[s.ordinal() + by];
  }

  // Small helpers.

  protected void cpu(WorkKind kind, long duration, Enum<?> next, Context<XenMsg> ctx) {
    step = next;
    send(pcpu, new Pcpu.Run(kind, duration, self, new Worker.Resume(++tag)), ctx);
  }

  /** Work on this worker's vCPU streaming through {@code pages} of {@code node}'s memory, timed by that node. */
  protected void stream(LpRef<XenMsg> node, WorkKind kind, long pages, long cpuTime, Enum<?> next,
      Context<XenMsg> ctx) {
    step = next;
    send(node, new NumaNode.Stream(pages, pcpuNode, pcpu, kind, cpuTime, self, new Worker.Resume(++tag)), ctx);
  }

  protected void acquire(LpRef<XenMsg> lock, Enum<?> next, Context<XenMsg> ctx) {
    step = next;
    send(lock, new Lock.Acquire(self, new Worker.Resume(++tag)), ctx);
  }

  /** Waits in step {@code next} for {@code delay}. */
  protected void sleep(long delay, Enum<?> next, Context<XenMsg> ctx) {
    step = next;
    ctx.schedule(delay, new Worker.Resume(++tag));
  }

  protected void release(LpRef<XenMsg> lock, Context<XenMsg> ctx) {
    send(lock, new Lock.Release(self), ctx);
  }

  protected void send(LpRef<XenMsg> to, XenMsg message, Context<XenMsg> ctx) {
    ctx.send(to, latency, message);
  }

  protected WorkerPort port(Context<XenMsg> ctx) {
    return new WorkerPort() {
      @Override
      public void send(LpRef<XenMsg> to, XenMsg message) {
        WorkerCore.this.send(to, message, ctx);
      }

      @Override
      public void cpu(WorkKind kind, long duration, Enum<?> next) {
        WorkerCore.this.cpu(kind, duration, next, ctx);
      }

      @Override
      public void stream(LpRef<XenMsg> node, WorkKind kind, long pages, long cpuTime, Enum<?> next) {
        WorkerCore.this.stream(node, kind, pages, cpuTime, next, ctx);
      }

      @Override
      public void acquire(LpRef<XenMsg> lock, Enum<?> next) {
        WorkerCore.this.acquire(lock, next, ctx);
      }

      @Override
      public void release(LpRef<XenMsg> lock) {
        WorkerCore.this.release(lock, ctx);
      }

      @Override
      public long nextTag() {
        return ++tag;
      }

      @Override
      public void await(Enum<?> next) {
        step = next;
      }

      @Override
      public void sleep(long delay, Enum<?> next) {
        WorkerCore.this.sleep(delay, next, ctx);
      }

      @Override
      public long now() {
        return ctx.now();
      }
    };
  }

  protected void begin(Phase phase, Context<XenMsg> ctx) {
    phases.begin(phase, ctx.now());
  }

  protected void end(Phase phase, Context<XenMsg> ctx) {
    phases.end(phase, ctx.now());
  }

  /** Whether {@code phase} has begun in this operation. */
  protected boolean began(Phase phase) {
    return phases.began(phase);
  }

  /**
   * Final state: idle or not, locks held, every operation finished; xl crashes that found it idle and busy and the
   * leftovers the next xl run cleaned up; the transactions over several Xenstore shards committed and aborted.
   */
  protected Worker.Report report(boolean idle, boolean holdsLocks, int crashesIdle, int crashesBusy, int cleanedUp) {
    return new Worker.Report(index, idle, holdsLocks, history(), crashesIdle, crashesBusy, cleanedUp,
        transactions.crossShardCommits(), transactions.crossShardAborts());
  }

  public int index() {
    return index;
  }

  /** Every operation this worker finished, in order. */
  public List<OperationResult> history() {
    return List.copyOf(history);
  }
}
