package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.Serializable;

/**
 * xl's freemem() while auto-ballooning (see {@link Freemem}) as an xl worker runs it: Xen is asked for the guest's
 * memory; if it is short, dom0's target is lowered in Xenstore, dom0's balloon driver gives the pages back on the
 * worker's CPU and libxl polls until it notices.
 */
public final class Ballooning implements Serializable {

  /** What Xen's answer asks for. */
  public enum Next {
    /** Enough memory is free: go on. */
    enough,
    /** Ballooning cannot free enough: the creation fails. */
    impossible,
    /** dom0 must give pages back first: its target is being lowered. */
    shrink
  }

  static final String DOM0_TARGET = "/local/domain/0/memory/target";

  private final Layout layout;
  private final CostModel cost;
  private final LpRef<XenMsg> self;
  private long pages;
  private long waitStart;

  /** The ballooning of worker {@code self}. */
  public Ballooning(Layout layout, CostModel cost, LpRef<XenMsg> self) {
    this.layout = layout;
    this.cost = cost;
    this.self = self;
  }

  /** Asks Xen to free {@code guestPages} for the guest. */
  public void start(long guestPages, WorkerPort port) {
    port.await(XlStep.balloon_query);
    port.send(layout.hypervisor(), new Hypervisor.FreeMemory(guestPages, self, port.nextTag()));
  }

  /** Xen's answer to the request for free memory; to shrink dom0, its target is lowered to what the answer left it. */
  public Next freed(Hypervisor.MemoryFreed m, WorkerPort port) {
    if (m.ballooned() < 0) {
      return Next.impossible;
    }
    pages = m.ballooned();
    if (pages == 0) {
      return Next.enough;
    }
    port.await(XlStep.balloon_target);
    port.send(layout.shardOfDomain(0), new XenstoreShard.Write(DOM0_TARGET,
        Long.toString(m.dom0Pages() * cost.pageKib()), self, port.nextTag()));
    return Next.shrink;
  }

  /**
   * dom0's target is written: libxl starts waiting while dom0's balloon driver zeroes the pages and hands them back,
   * a stream through dom0's memory (on node 0, where dom0 runs) besides {@link Freemem#balloonTime}.
   */
  public void targetWritten(WorkerPort port) {
    waitStart = port.now();
    port.stream(layout.node(0), WorkKind.memory, pages, Freemem.balloonTime(cost, pages), XlStep.balloon_cpu);
  }

  /** The balloon driver is done: libxl notices at its next poll. */
  public void shrunk(WorkerPort port) {
    port.sleep(Freemem.noticedAt(cost, waitStart, port.now()) - port.now(), XlStep.balloon_poll);
  }
}
