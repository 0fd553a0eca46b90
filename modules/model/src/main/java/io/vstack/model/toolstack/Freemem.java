package io.vstack.model.toolstack;

import io.vstack.model.config.CostModel;

/**
 * xl's freemem() with auto-ballooning on (tools/xl/xl_vmcontrol.c): dom0's balloon driver gives {@code pages} back to
 * Xen, and libxl_wait_for_memory_target (tools/libxl/libxl_mem.c) notices at its next poll, sleeping one poll interval
 * before each check: the wait is a whole number of intervals, at least one, whatever the balloon driver takes.
 */
public final class Freemem {
  private Freemem() {
  }

  /** dom0 CPU time its balloon driver takes to hand {@code pages} back to Xen, besides zeroing them. */
  public static long balloonTime(CostModel cost, long pages) {
    return cost.perGib(cost.balloonPerGib(), pages);
  }

  /** When libxl sees dom0 at its target, having started waiting at {@code waitStart} and dom0 done at {@code done}. */
  public static long noticedAt(CostModel cost, long waitStart, long done) {
    long polls = Math.max(1, Math.floorDiv(done - waitStart + cost.balloonPoll() - 1, cost.balloonPoll()));
    return waitStart + polls * cost.balloonPoll();
  }
}
