package io.vstack.model.xenopsd;

/**
 * xenopsd's best-effort NUMA placement (Domain.numa_placement in xc/domain.ml, Softaffinity.plan in
 * lib/softaffinity.ml) on a host whose nodes are all at the same distance: among the nodes with enough memory and
 * pCPUs for the whole guest, the one with the most free memory (the lowest-numbered on a tie); none when the guest
 * fits on no single node, and Xen's default placement applies.
 */
public final class NumaPlan {
  private NumaPlan() {
  }

  /** The node to soft-pin to, or -1. {@code available[n]}: free pages of node n; {@code pcpus[n]}: its guest pCPUs. */
  public static int choose(long[] available, int[] pcpus, long pages, int vcpus) {
    int best = -1;
    for (int n = 0; n < available.length; n++) {
      boolean fits = available[n] >= pages && pcpus[n] >= vcpus;
      if (fits && (best < 0 || available[n] > available[best])) {
        best = n;
      }
    }
    return best;
  }
}
