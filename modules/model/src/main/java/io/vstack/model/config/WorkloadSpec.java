package io.vstack.model.config;

import java.io.Serializable;
/**
 * Which guests are created when, and what happens to them afterwards.
 *
 * @param guests  guests to create
 * @param pattern storm: every creation submitted at time 0; one-at-a-time: each submitted when the previous
 *                {@code xl create} returned (so creation k finds k guests already there)
 * @param destroy after-boot: destroy every guest at once when the last one runs (a destroy storm); on-running:
 *                destroy each guest as soon as it runs (a rolling boot+destroy storm, so the number of live
 *                domains stays bounded); never: keep them
 * @param trace   datacenter-trace replay settings, or null when the workload is not a trace replay
 */
public record WorkloadSpec(int guests, Pattern pattern, Destroy destroy, TraceSpec trace) implements Serializable {

  /** When creations are submitted. */
  public enum Pattern { storm, one_at_a_time }

  /** Whether a destroy storm follows the boot storm. */
  public enum Destroy { after_boot, on_running, never }

  /**
   * A trace replay: VMs of an Azure-format trace placed over {@code hosts} identical hosts.
   *
   * @param file          trace file (Azure Public Dataset V2 vmtable.csv schema)
   * @param hosts         hosts the trace is spread over
   * @param placement     first-fit (lowest-numbered host with room) or least-loaded (most free memory)
   * @param cpuOvercommit vCPUs allowed per guest pCPU when placing
   * @param maxVms        use only the first this many VMs of the file (0: all)
   */
  public record TraceSpec(String file, int hosts, Placement placement, int cpuOvercommit, int maxVms) implements Serializable {
  }

  /** How VMs are assigned to hosts. */
  public enum Placement { first_fit, least_loaded }

  static WorkloadSpec read(ConfigReader workload) {
    TraceSpec trace = null;
    if (workload.has("trace")) {
      ConfigReader t = workload.section("trace", "file", "hosts", "placement", "cpu-overcommit", "max-vms");
      trace = new TraceSpec(t.string("file"), t.positiveInt("hosts"), t.choice("placement", Placement.class),
          t.positiveInt("cpu-overcommit"), t.nonNegativeInt("max-vms"));
    }
    return new WorkloadSpec(workload.positiveInt("guests"), workload.choice("pattern", Pattern.class),
        workload.choice("destroy", Destroy.class), trace);
  }

  public WorkloadSpec withGuests(int newGuests) {
    return new WorkloadSpec(newGuests, pattern, destroy, trace);
  }
}
