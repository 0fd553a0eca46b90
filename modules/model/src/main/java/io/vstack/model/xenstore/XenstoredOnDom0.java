package io.vstack.model.xenstore;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import java.io.Serializable;

/**
 * xenstored is a dom0 process: the time its server spent serving since the last charge runs as one item on its dom0
 * vCPU every {@code period} while it works, queued with the toolstack's work there. Its own requests are not slowed
 * by that vCPU's other work (the server keeps its own timeline); only the toolstack's work waits behind it.
 */
final class XenstoredOnDom0 implements Serializable {
  private final LpRef<XenMsg> dom0Pcpu;
  private final long period;
  private final long latency;
  private final XenMsg tick;
  private long charged;
  private boolean due;

  /** Charges {@code dom0Pcpu} (null: nothing) every {@code period}, woken by {@code tick} sent to itself. */
  XenstoredOnDom0(LpRef<XenMsg> dom0Pcpu, long period, long latency, XenMsg tick) {
    this.dom0Pcpu = dom0Pcpu;
    this.period = period;
    this.latency = latency;
    this.tick = tick;
  }

  /** xenstored works now: its dom0 vCPU is charged at the end of this charge period. */
  void working(Context<XenMsg> ctx) {
    if (dom0Pcpu != null && !due) {
      due = true;
      ctx.schedule(period, tick);
    }
  }

  /** The charge period is over: the server's busy time since the last charge runs on the dom0 vCPU. */
  void charge(long busyTotal, Context<XenMsg> ctx) {
    due = false;
    long work = busyTotal - charged;
    charged += work;
    if (work > 0) {
      ctx.send(dom0Pcpu, latency, new Pcpu.Run(WorkKind.xenstored, work, null, null));
    }
  }
}
