package io.vstack.workload.fleet;

import io.vstack.model.results.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a fleet run gave: VMs requested (by the trace and the scaling groups), how many ran, failed (and why), builds
 * rescheduled, the time from request to running, images fetched, how evenly VMs were spread over the hosts, and how
 * each scaling group's service fared.
 *
 * @param boot      request to running, of the VMs that ran (virtual ms)
 * @param failures  failed VMs by reason (digits folded to N)
 * @param fewestPerHost VMs placed on the host that got the fewest
 * @param mostPerHost   VMs placed on the host that got the most
 * @param moved     VMs an evacuation moved or a reboot restarted
 * @param downtime  of those that ran again: from the evacuation or reboot to running again (virtual ms)
 * @param groups    the scaling groups' services
 * @param hostGroups per host group (fleet.host-groups), in host order: what ran on its hosts
 */
public record FleetSummary(int hosts, int vms, int ran, int failed, long retries, Stats boot,
    TreeMap<String, Integer> failures, long imageFetches, int fewestPerHost, int mostPerHost, int moved,
    Stats downtime, List<Group> groups, List<HostGroupSummary> hostGroups) {

  /**
   * Host group {@code name} ({@code hosts} hosts): VMs placed there ({@code placed}, their last placement), how many
   * of them ran there and their request to running (virtual ms); a VM an evacuation moved counts as placed where
   * it went, not among those that ran (its first run was elsewhere), and so does one a reboot restarted that ended
   * on another host (its restart failed); {@code downtime} is that of the VMs an evacuation moved or a reboot
   * restarted that ran again here, from the event to running again (virtual ms).
   */
  public record HostGroupSummary(String name, int hosts, int placed, int ran, Stats boot, Stats downtime) {
  }

  /**
   * A scaling group's service over the run, measured as the single-host auto-scaler's
   * ({@link io.vstack.workload.autoscale.ServiceMeter}).
   *
   * @param requested                VMs it asked for
   * @param scaleOuts                scaler decisions that asked for VMs
   * @param deleted                  surplus VMs it deleted
   * @param failed                   VMs it asked for that failed for good
   * @param violationSeconds         seconds in which the running VMs' capacity was below the load
   * @param droppedRequests          requests beyond that capacity
   * @param overProvisionedVmSeconds VM-seconds running beyond what the load needed at full utilization
   * @param timeToCapacity           from a scale-out to all its VMs running (virtual ms)
   */
  public record Group(String name, int requested, int scaleOuts, int deleted, int failed, double violationSeconds,
      double droppedRequests, double overProvisionedVmSeconds, Stats timeToCapacity) {
  }

  static FleetSummary of(FleetModel model) {
    List<CloudController.VmOutcome> outcomes = model.controller().outcomes();
    int hosts = model.scenario().fleet().hosts();
    int[] placed = new int[hosts];
    long[] boot = outcomes.stream().filter(o -> o.runningAt() >= 0)
        .mapToLong(o -> o.runningAt() - o.vm().createAt()).toArray();
    TreeMap<String, Integer> failures = new TreeMap<>();
    int failed = 0;
    for (CloudController.VmOutcome o : outcomes) {
      if (o.host() >= 0) {
        placed[o.host()]++;
      }
      if (o.status() == CloudController.Status.failed) {
        failed++;
        failures.merge(o.failure().replaceAll("[0-9]+", "N"), 1, Integer::sum);
      }
    }
    long fetches = 0;
    for (int s = 0; s < model.scenario().fleet().images().stores(); s++) {
      fetches += model.store(s).transfers();
    }
    int least = Integer.MAX_VALUE;
    int most = 0;
    for (int p : placed) {
      least = Math.min(least, p);
      most = Math.max(most, p);
    }
    long[] downtime = outcomes.stream().filter(o -> o.rerunAt() >= 0).mapToLong(o -> o.rerunAt() - o.movedAt())
        .toArray();
    int moved = (int) outcomes.stream().filter(o -> o.movedAt() >= 0).count();
    return new FleetSummary(hosts, outcomes.size(), boot.length, failed, model.controller().retries(),
        Stats.ofNanos(boot), failures, fetches, least, most, moved, Stats.ofNanos(downtime),
        model.controller().groups(), hostGroups(model.scenario(), outcomes));
  }

  private static List<HostGroupSummary> hostGroups(FleetScenario scenario, List<CloudController.VmOutcome> outcomes) {
    List<HostGroupSummary> out = new ArrayList<>();
    for (int g = 0; g < scenario.hostGroups().size(); g++) {
      int group = g;
      List<CloudController.VmOutcome> placed = outcomes.stream()
          .filter(o -> o.host() >= 0 && scenario.groupOf(o.host()) == group).toList();
      int rebooted = scenario.fleet().reboot().hosts();
      // a VM moved away ran first elsewhere; one a reboot restarted in place ran first here
      long[] boot = placed.stream().filter(o -> o.runningAt() >= 0 && (o.movedAt() < 0 || o.host() < rebooted))
          .mapToLong(o -> o.runningAt() - o.vm().createAt()).toArray();
      FleetScenario.HostGroup hosts = scenario.hostGroups().get(g);
      long[] downtime = placed.stream().filter(o -> o.rerunAt() >= 0).mapToLong(o -> o.rerunAt() - o.movedAt())
          .toArray();
      out.add(new HostGroupSummary(hosts.name(), hosts.hosts(), placed.size(), boot.length, Stats.ofNanos(boot),
          Stats.ofNanos(downtime)));
    }
    return List.copyOf(out);
  }
}
