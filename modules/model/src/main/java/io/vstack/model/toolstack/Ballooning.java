package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.Serializable;

/**
 * xl's freemem() while auto-ballooning (see {@link Freemem}): Xen is asked for the guest's memory; if it is short,
 * dom0's target is lowered in Xenstore, dom0's balloon driver gives the pages back and libxl polls until it notices.
 */
public final class Ballooning implements Serializable {

  /** What Xen's answer asks for. */
  public enum Next {
    /** Enough memory is free: go on. */
    enough,
    /** Ballooning cannot free enough: the creation fails. */
    impossible,
    /** dom0 must give pages back first. */
    shrink
  }

  private long pages;
  private long waitStart;

  /** Xen's answer to the request for free memory. */
  public Next freed(Hypervisor.MemoryFreed m) {
    if (m.ballooned() < 0) {
      return Next.impossible;
    }
    pages = m.ballooned();
    return pages == 0 ? Next.enough : Next.shrink;
  }

  /** The write lowering dom0's target to the {@code dom0Pages} Xen's answer left it. */
  public static XenMsg target(long dom0Pages, CostModel cost, LpRef<XenMsg> self, long tag) {
    return new XenstoreShard.Write("/local/domain/0/memory/target", Long.toString(dom0Pages * cost.pageKib()), self,
        tag);
  }

  /**
   * dom0's target is written at {@code now}: libxl starts waiting; the pages dom0's balloon driver zeroes and hands
   * back, a stream through dom0's memory (on node 0, where dom0 runs) besides {@link Freemem#balloonTime}.
   */
  public long targetWritten(long now) {
    waitStart = now;
    return pages;
  }

  /** The balloon driver is done at {@code now}: how long until libxl's next poll notices. */
  public long untilNoticed(CostModel cost, long now) {
    return Freemem.noticedAt(cost, waitStart, now) - now;
  }
}
