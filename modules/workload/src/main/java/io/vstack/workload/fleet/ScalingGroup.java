package io.vstack.workload.fleet;

import io.vstack.model.results.Stats;
import io.vstack.workload.autoscale.ServiceMeter;
import java.io.Serializable;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A scaling group as the controller runs it: its VMs (by the controller's VM number, so the newest is the highest)
 * that run or are still to run, and its {@link ServiceMeter}. A VM that an evacuation moves is pending again until
 * it runs elsewhere; only its first run counts towards its scale-out's time to capacity.
 */
final class ScalingGroup implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FleetSpec.GroupSpec spec;
  private final ServiceMeter meter;
  private final TreeSet<Integer> running = new TreeSet<>();
  private final TreeSet<Integer> pending = new TreeSet<>();
  private final TreeMap<Integer, Integer> scaleOutOf = new TreeMap<>();
  private int requested;
  private int deleted;
  private int failed;

  ScalingGroup(FleetSpec.GroupSpec spec) {
    this.spec = spec;
    this.meter = new ServiceMeter(spec.load(), spec.perVm(), spec.target());
  }

  FleetSpec.GroupSpec spec() {
    return spec;
  }

  /** VMs to ask for at {@code now} (0: none), within the group's maximum size. */
  int missing(long now) {
    return Math.max(0, Math.min(meter.desired(now - spec.start()), spec.maxSize()) - running.size()
        - pending.size());
  }

  /** VMs to delete at {@code now}: the surplus over what the load wants, once nothing is pending. */
  int surplus(long now) {
    return pending.isEmpty() ? Math.max(0, running.size() - meter.desired(now - spec.start())) : 0;
  }

  /** A scale-out at {@code now} of {@code vms} VMs; returns its number for {@link #requested}. */
  int scaleOut(long now, int vms) {
    return meter.scaleOut(now, vms);
  }

  /** The name of the next VM asked for. */
  String nextName() {
    return spec.name() + "-" + requested;
  }

  /** VM {@code vm} is asked for in scale-out {@code scaleOut}. */
  void requested(int vm, int scaleOut) {
    requested++;
    pending.add(vm);
    scaleOutOf.put(vm, scaleOut);
  }

  /** The newest running VM, now deleted. */
  int deleteNewest() {
    deleted++;
    return running.pollLast();
  }

  /** VM {@code vm} runs since {@code at}; {@code first}: it had never run before. */
  void ran(int vm, long at, boolean first) {
    pending.remove(vm);
    running.add(vm);
    if (first) {
      meter.ran(scaleOutOf.get(vm), at);
    }
  }

  /** VM {@code vm} failed for good; {@code everRan}: it had run before an evacuation moved it. */
  void failed(int vm, boolean everRan) {
    failed++;
    pending.remove(vm);
    if (!everRan) {
      meter.lost(scaleOutOf.get(vm));
    }
  }

  /** VM {@code vm}, running, is moved by an evacuation: pending until it runs elsewhere. */
  void moved(int vm) {
    if (running.remove(vm)) {
      pending.add(vm);
    }
  }

  /** Whether the load lasts past a period starting at {@code now}. */
  boolean lastsBeyond(long now, long period) {
    return meter.within(now - spec.start(), period);
  }

  void account(long now) {
    meter.account(now - spec.start(), running.size());
  }

  /** What the group's service experienced. */
  FleetSummary.Group summary() {
    return new FleetSummary.Group(spec.name(), requested, meter.scaleOuts(), deleted, failed,
        meter.violationSeconds(), meter.droppedRequests(), meter.overProvisionedVmSeconds(),
        Stats.ofNanos(meter.timeToCapacityNs()));
  }
}
