package io.vstack.workload.fleet;

import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.workload.experiment.ControlPlane;
import io.vstack.workload.vmtrace.AzureVmTable;
import io.vstack.workload.vmtrace.SyntheticAzureTrace;
import io.vstack.workload.vmtrace.VmRecord;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet scenario: a scenario file with a {@code fleet} section. Its {@code scenario} describes every host (the
 * host, guest defaults, toolstack and the rest, as for one host); {@code fleet} the hosts' number and what joins
 * them; the VMs come from the trace it names and from its scaling groups (made while the run goes on). Host groups
 * ({@code fleet.host-groups}) run control-plane designs of conf/control-planes.conf on the same hardware: each
 * group's hosts run the scenario with the design's keys applied before the user's overrides, as
 * {@code vstack run --design} does for one host.
 *
 * @param host       the scenario as written (with the user's overrides), the fleet's name, seed and hardware
 * @param hostGroups the hosts' configurations, consecutive groups in host order (one group of every host when
 *                   the fleet names none)
 */
public record FleetScenario(Scenario host, FleetSpec fleet, List<FleetVm> vms, List<HostGroup> hostGroups)
    implements Serializable {

  /** {@code hosts} consecutive hosts, from {@code first}, running {@code scenario} (design {@code name}). */
  public record HostGroup(String name, int first, int hosts, Scenario scenario) implements Serializable {
  }

  /** A fleet whose every host runs {@code host} (a fleet host's scenario: a domain per slot). */
  public static FleetScenario of(Scenario host, FleetSpec fleet, List<FleetVm> vms) {
    return new FleetScenario(host, fleet, vms, List.of(new HostGroup(host.switches().label(), 0, fleet.hosts(),
        host)));
  }

  /** The configuration host {@code h} runs. */
  public Scenario hostScenario(int h) {
    return hostGroups.get(groupOf(h)).scenario();
  }

  /** The index of the group host {@code h} belongs to. */
  public int groupOf(int h) {
    int g = 0;
    while (h >= hostGroups.get(g).first() + hostGroups.get(g).hosts()) {
      g++;
    }
    return g;
  }

  /** Whether {@code file} is a fleet scenario (has a {@code fleet} section). */
  public static boolean is(Path file) {
    return file != null && Scenario.hasSection(file, "fleet");
  }

  /** Loads {@code file}; a relative trace file is resolved against {@code base} (the project directory). */
  public static FleetScenario load(Path confDir, Path file, List<String> overrides, Path costModel, Path base) {
    Scenario.WithSection loaded = loadWith(confDir, file, overrides, costModel);
    FleetSpec spec = FleetSpec.read(loaded.section(), loaded.scenario().seed());
    Scenario host = slotted(file, loaded.scenario(), spec, "scenario");
    List<HostGroup> groups = new ArrayList<>();
    if (!spec.hostGroups().isEmpty()) {
      List<ControlPlane> designs = ControlPlane.load(confDir.resolve(ControlPlane.FILE));
      int first = 0;
      for (FleetSpec.HostGroupSpec g : spec.hostGroups()) {
        ControlPlane design = designs.stream().filter(d -> d.name().equals(g.design())).findFirst()
            .orElseThrow(() -> new InvalidConfig(file + ": fleet.host-groups: no design named '" + g.design()
                + "' in " + ControlPlane.FILE + "; designs: " + designs.stream().map(ControlPlane::name).toList()));
        List<String> all = new ArrayList<>(design.settings());
        all.addAll(overrides);
        Scenario scenario = slotted(file, loadWith(confDir, file, all, costModel).scenario(), spec,
            "design '" + g.design() + "'");
        if (!scenario.host().equals(host.host())) {
          throw new InvalidConfig(file + ": fleet.host-groups: design '" + g.design() + "' changes the host ("
              + scenario.host().name() + " instead of " + host.host().name() + "); a fleet's hosts are alike");
        }
        groups.add(new HostGroup(g.design(), first, g.hosts(), scenario));
        first += g.hosts();
      }
    }
    List<VmRecord> records;
    try {
      records = switch (spec.trace().source()) {
        case file -> AzureVmTable.read(base.resolve(spec.trace().file()), spec.trace().maxVms());
        case synthetic -> AzureVmTable.read("synthetic trace", SyntheticAzureTrace.generate(
            spec.trace().syntheticVms(), spec.trace().days(), host.seed()));
        case none -> List.of();
      };
    } catch (AzureVmTable.BadTrace e) {
      throw new InvalidConfig(file + ": fleet.trace: " + e.getMessage());
    }
    List<FleetVm> vms = vms(records, spec);
    return groups.isEmpty() ? of(host, spec, vms) : new FleetScenario(host, spec, vms, List.copyOf(groups));
  }

  private static Scenario.WithSection loadWith(Path confDir, Path file, List<String> overrides, Path costModel) {
    return Scenario.loadWith(confDir, file, overrides, costModel, "fleet", "hosts", "host-slots", "network-latency",
        "report-interval", "scheduler", "images", "trace", "evacuate", "reboot", "autoscale", "host-groups");
  }

  /** {@code scenario} as a fleet host runs it: a domain per slot; refused where fleet hosts cannot run it. */
  private static Scenario slotted(Path file, Scenario scenario, FleetSpec spec, String what) {
    if (scenario.switches().shells().enabled()) {
      throw new InvalidConfig(file + ": " + what + ": toolstack.shell-pool = " + scenario.switches().shells().size()
          + ": shell pools are not modelled on fleet hosts yet; use 0");
    }
    return scenario.with(scenario.workload().withGuests(spec.slots()));
  }

  /** The trace's VMs in trace order; those alive at the trace's end are never deleted. */
  static List<FleetVm> vms(List<VmRecord> records, FleetSpec spec) {
    long end = records.stream().mapToLong(VmRecord::deleted).max().orElse(0);
    List<FleetVm> out = new ArrayList<>(records.size());
    for (VmRecord r : records) {
      out.add(new FleetVm("vm-" + r.vmid(), r.created() * 1_000_000_000L,
          r.deleted() >= end ? -1 : r.deleted() * 1_000_000_000L, r.memoryGb() * 1024L, r.cores(),
          out.size() % spec.images().count()));
    }
    return out;
  }
}
