package io.vstack.workload.fleet;

import java.util.Arrays;

/**
 * Nova's weighing of the hosts that passed the filters: each weigher's raw values are normalised over the
 * candidates to [0, 1] (min to 0, max to 1; all equal: all 0), multiplied by the weigher's multiplier and summed;
 * the highest total wins. Ties go to the lowest host number (Nova picks at random among the best
 * {@code host_subset_size}, 1 by default, so its tie-break is arbitrary; ours is fixed so that runs repeat).
 *
 * <p>The raw values are free memory (more is better with a positive ram weight), creations in progress and recent
 * build failures (Nova's IoOps and BuildFailure weighers raise them to count against a host with their default
 * multipliers) and dirty memory (with a positive weight, less is better). One weighing is reused for every decision
 * of a controller: a decision weighs every host, tens of thousands of times per run, and fresh arrays for each were
 * a sixth of the bytes a dense fleet run allocated, all of them made by the one process that decides.
 */
final class Weighing {
  private static final int FREE = 0;
  private static final int BUILDING = 1;
  private static final int FAILURES = 2;
  private static final int DIRTY = 3;

  private final double[] multipliers;
  private final int[] hosts;
  private final long[][] raw;
  private final double[] total;
  private int size;

  /** A weighing of up to {@code hosts} candidates under {@code s}'s multipliers. */
  Weighing(int hosts, FleetSpec.SchedulerSpec s) {
    this.multipliers = new double[] {s.ramWeight(), s.ioOpsWeight(), -s.buildFailureWeight(), -s.dirtyWeight()};
    this.hosts = new int[hosts];
    this.raw = new long[multipliers.length][hosts];
    this.total = new double[hosts];
  }

  /** Forgets the candidates of the last decision. */
  void clear() {
    size = 0;
  }

  /** Adds host {@code host}, which passed the filters, with its raw values; hosts come in increasing number. */
  void add(int host, long freeMib, long building, long failures, long dirtyMib) {
    hosts[size] = host;
    raw[FREE][size] = freeMib;
    raw[BUILDING][size] = building;
    raw[FAILURES][size] = failures;
    raw[DIRTY][size] = dirtyMib;
    size++;
  }

  int size() {
    return size;
  }

  /** The best candidate added since {@link #clear}; there must be one. */
  int best() {
    Arrays.fill(total, 0, size, 0.0);
    for (int weigher = 0; weigher < multipliers.length; weigher++) {
      add(raw[weigher], multipliers[weigher]);
    }
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (total[i] > total[best]) {
        best = i;
      }
    }
    return hosts[best];
  }

  private void add(long[] values, double multiplier) {
    if (multiplier == 0) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    if (max == min) {
      return;
    }
    for (int i = 0; i < size; i++) {
      total[i] += multiplier * (values[i] - min) / (double) (max - min);
    }
  }
}
