package io.vstack.workload.fleet;

import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
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
 * them; the VMs come from the trace it names and from its scaling groups (made while the run goes on).
 */
public record FleetScenario(Scenario host, FleetSpec fleet, List<FleetVm> vms) implements Serializable {

  /** Whether {@code file} is a fleet scenario (has a {@code fleet} section). */
  public static boolean is(Path file) {
    return file != null && Scenario.hasSection(file, "fleet");
  }

  /** Loads {@code file}; a relative trace file is resolved against {@code base} (the project directory). */
  public static FleetScenario load(Path confDir, Path file, List<String> overrides, Path costModel, Path base) {
    Scenario.WithSection loaded = Scenario.loadWith(confDir, file, overrides, costModel, "fleet", "hosts",
        "host-slots", "network-latency", "report-interval", "scheduler", "images", "trace", "evacuate", "autoscale");
    Scenario host = loaded.scenario();
    FleetSpec spec = FleetSpec.read(loaded.section(), host.seed());
    if (host.switches().shells().enabled()) {
      throw new InvalidConfig(file + ": scenario.toolstack.shell-pool = " + host.switches().shells().size()
          + ": shell pools are not modelled on fleet hosts yet; use 0");
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
    return new FleetScenario(host.with(host.workload().withGuests(spec.slots())), spec, vms(records, spec));
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
