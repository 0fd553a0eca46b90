package io.vstack.model.xenopsd;

import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ScrubPlacement;

/**
 * xenopsd's wait_xen_free_mem (xc/domain.ml), called by build_pre before VM.build allocates memory: it reads Xen's
 * physinfo and builds if enough memory is free; otherwise it sleeps a poll interval and looks again as long as Xen
 * still has pages to scrub, for at most the maximum wait; with nothing left to scrub it gives up at once.
 */
public final class FreeMemWait {
  private FreeMemWait() {
  }

  /** What VM.build does after one look at physinfo. */
  public enum Decision { build, wait, no_memory, timed_out }

  /**
   * physinfo's {@code (free_pages, scrub_pages)} from each node's clean free and dirty pages. With idle scrubbing the
   * dirty pages are free pages of the heap marked need-scrub, which Xen counts as free (an allocation scrubs them);
   * otherwise they are a dying domain's pages a destroy is scrubbing, not yet free.
   */
  public static long[] physinfo(long[] free, long[] dirty, ScrubPlacement scrub) {
    long f = 0;
    long d = 0;
    for (int n = 0; n < free.length; n++) {
      f += free[n];
      d += dirty[n];
    }
    return scrub == ScrubPlacement.idle ? new long[] {f + d, 0} : new long[] {f, d};
  }

  /** The decision after {@code polls} sleeps, for a guest of {@code needed} pages. */
  public static Decision decide(long freePages, long scrubPages, long needed, int polls, CostModel cost) {
    if (freePages >= needed) {
      return Decision.build;
    }
    if (scrubPages == 0) {
      return Decision.no_memory;
    }
    return (long) polls * cost.freeMemPoll() >= cost.freeMemMaxWait() ? Decision.timed_out : Decision.wait;
  }
}
