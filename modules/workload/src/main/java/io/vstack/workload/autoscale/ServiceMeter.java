package io.vstack.workload.autoscale;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How an auto-scaled service under a {@link Load} fares, wherever its VMs run: the size its scaler wants
 * ({@code ceil(load / (perVm * target))} VMs), and, second by second, the requests it could not serve, SLO-violation
 * time (capacity below load) and over-provisioned VM-seconds (VMs beyond what the load needs at full utilization);
 * for each scale-out, how long until all the VMs it asked for ran (time to capacity; a scale-out one of whose VMs
 * never ran has none). Times are from the load's origin.
 *
 * @param perVm  requests/s one running VM serves
 * @param target utilization the scaler aims for (0..1)
 */
public final class ServiceMeter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How often the service is accounted, virtual ns. */
  public static final long ACCOUNT_NS = 1_000_000_000L;

  private final Load load;
  private final double perVm;
  private final double target;
  private final List<long[]> scaleOuts = new ArrayList<>();
  private final List<Long> timeToCapacity = new ArrayList<>();
  private final int[] runningEachSecond;
  private double droppedRequests;
  private long violationNs;
  private double overProvisionedVmSeconds;

  public ServiceMeter(Load load, double perVm, double target) {
    this.load = load;
    this.perVm = perVm;
    this.target = target;
    this.runningEachSecond = new int[(int) Math.max(1, load.durationNs() / ACCOUNT_NS)];
  }

  /** VMs the scaler wants at {@code t}. */
  public int desired(long t) {
    return (int) Math.ceil(load.at(t) / (perVm * target));
  }

  /** Whether a period starting at {@code t} still falls within the load. */
  public boolean within(long t, long period) {
    return t + period < load.durationNs();
  }

  /** Accounts the second from {@code t} with {@code running} VMs serving. */
  public void account(long t, int running) {
    double offered = load.at(t);
    double capacity = running * perVm;
    double seconds = ACCOUNT_NS / 1e9;
    runningEachSecond[(int) Math.min(runningEachSecond.length - 1, t / ACCOUNT_NS)] = running;
    if (capacity < offered) {
      droppedRequests += (offered - capacity) * seconds;
      violationNs += ACCOUNT_NS;
    }
    overProvisionedVmSeconds += Math.max(0, running - Math.ceil(offered / perVm)) * seconds;
  }

  /** A scale-out at {@code now} asking for {@code vms} VMs; returns its number. */
  public int scaleOut(long now, int vms) {
    scaleOuts.add(new long[] {now, vms});
    return scaleOuts.size() - 1;
  }

  /** A VM of scale-out {@code scaleOut} runs since {@code at}. */
  public void ran(int scaleOut, long at) {
    long[] event = scaleOuts.get(scaleOut);
    if (--event[1] == 0) {
      timeToCapacity.add(at - event[0]);
    }
  }

  /** A VM of scale-out {@code scaleOut} will never run. */
  public void lost(int scaleOut) {
    scaleOuts.get(scaleOut)[1]--;
  }

  public double droppedRequests() {
    return droppedRequests;
  }

  public double violationSeconds() {
    return violationNs / 1e9;
  }

  public double overProvisionedVmSeconds() {
    return overProvisionedVmSeconds;
  }

  public long[] timeToCapacityNs() {
    return timeToCapacity.stream().mapToLong(Long::longValue).toArray();
  }

  public int scaleOuts() {
    return scaleOuts.size();
  }

  /** VMs serving in each second of the load. */
  public int[] runningEachSecond() {
    return runningEachSecond.clone();
  }
}
