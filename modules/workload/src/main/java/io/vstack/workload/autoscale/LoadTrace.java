package io.vstack.workload.autoscale;

import io.vstack.workload.vmtrace.VmRecord;
import java.util.Arrays;
import java.util.List;

/**
 * A load taken from a VM trace: in every step of the trace the CPU its VMs used (each VM's average utilization
 * times its cores, summed over the VMs alive), scaled so that the mean over the trace is {@code meanRate} requests/s.
 * The service thus follows the trace's aggregate demand, its daily cycle and its ramps, at the trace's own pace.
 *
 * @param stepNs one step of the trace (the Azure trace's 300 s), virtual ns
 * @param rates  requests/s in each step
 */
public record LoadTrace(long stepNs, double[] rates) implements Load {
  private static final long SECOND = 1_000_000_000L;

  public LoadTrace {
    if (stepNs <= 0 || rates.length == 0) {
      throw new IllegalArgumentException("a load trace needs a positive step and at least one step, had " + stepNs
          + " ns and " + rates.length);
    }
  }

  /**
   * The aggregate CPU demand of {@code vms} in steps of {@code stepSeconds} over their whole span (or its first
   * {@code maxSteps} steps, when positive), scaled to a mean of {@code meanRate}.
   */
  public static LoadTrace fromVms(List<VmRecord> vms, long stepSeconds, double meanRate, int maxSteps) {
    long end = vms.stream().mapToLong(VmRecord::deleted).max().orElse(0);
    int steps = (int) Math.max(1, (end + stepSeconds - 1) / stepSeconds);
    if (maxSteps > 0) {
      steps = Math.min(steps, maxSteps);
    }
    double[] demand = new double[steps];
    for (VmRecord vm : vms) {
      for (long s = vm.created() / stepSeconds; s < Math.min(steps, vm.deleted() / stepSeconds); s++) {
        demand[(int) s] += vm.avgCpu() / 100 * vm.cores();
      }
    }
    double mean = Arrays.stream(demand).average().orElse(0);
    if (mean <= 0) {
      throw new IllegalArgumentException("the trace's VMs use no CPU in its first " + steps + " steps");
    }
    return new LoadTrace(stepSeconds * SECOND, Arrays.stream(demand).map(d -> d / mean * meanRate).toArray());
  }

  @Override
  public double at(long t) {
    return rates[(int) Math.min(rates.length - 1, Math.max(0, t / stepNs))];
  }

  @Override
  public long durationNs() {
    return stepNs * rates.length;
  }

  /** The highest rate of any step. */
  public double peak() {
    return Arrays.stream(rates).max().orElse(0);
  }
}
