package io.vstack.workload.fleet;

import java.util.function.IntToLongFunction;

/**
 * Nova's weighing of the hosts that passed the filters: each weigher's raw values are normalised over the
 * candidates to [0, 1] (min to 0, max to 1; all equal: all 0), multiplied by the weigher's multiplier and summed;
 * the highest total wins. Ties go to the lowest host number (Nova picks at random among the best
 * {@code host_subset_size}, 1 by default, so its tie-break is arbitrary; ours is fixed so that runs repeat).
 */
final class Weighing {
  private Weighing() {
  }

  /**
   * The best of {@code candidates}: raw values are free memory (more is better with a positive ram weight),
   * creations in progress and recent build failures (Nova's IoOps and BuildFailure weighers raise them to count
   * against a host with their default multipliers) and dirty memory (with a positive weight, less is better).
   */
  static int best(int[] candidates, FleetSpec.SchedulerSpec s, IntToLongFunction freeMib,
      IntToLongFunction building, IntToLongFunction failures, IntToLongFunction dirtyMib) {
    double[] total = new double[candidates.length];
    add(total, candidates, freeMib, s.ramWeight());
    add(total, candidates, building, s.ioOpsWeight());
    add(total, candidates, failures, -s.buildFailureWeight());
    add(total, candidates, dirtyMib, -s.dirtyWeight());
    int best = 0;
    for (int i = 1; i < total.length; i++) {
      if (total[i] > total[best]) {
        best = i;
      }
    }
    return candidates[best];
  }

  private static void add(double[] total, int[] candidates, IntToLongFunction raw, double multiplier) {
    if (multiplier == 0) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int h : candidates) {
      long value = raw.applyAsLong(h);
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    if (max == min) {
      return;
    }
    // raw values are array reads: reading them twice costs less than keeping them (a scheduler decision weighs
    // every host, thousands of times per run)
    for (int i = 0; i < candidates.length; i++) {
      total[i] += multiplier * (raw.applyAsLong(candidates[i]) - min) / (double) (max - min);
    }
  }
}
