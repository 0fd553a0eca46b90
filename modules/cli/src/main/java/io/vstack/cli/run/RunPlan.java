package io.vstack.cli.run;

import io.vstack.model.config.Scenario;
import java.io.Serializable;
import io.vstack.workload.fleet.FleetScenario;
import java.util.List;

/**
 * Everything {@code vstack run --resume} needs to continue a run exactly as it was started: the resolved
 * configurations (scenario file, overrides, faults and cost model already applied), whether they are a
 * stock-vs-fixes comparison, where the results go, what is traced and whether it was started on a cluster (whose
 * members are sent these same configurations). Stored with the run's checkpoints.
 *
 * @param renumber    whether {@code out} is a default name, numbered -2, -3, ... when taken (a name the user gave
 *                    that is taken is refused)
 * @param traceFilter the {@code --trace-filter} spec, "" for {@code --trace} alone, null for no trace
 * @param clustered   whether the run was started on a cluster rather than on one JVM
 * @param fleet       the fleet, for a fleet scenario (its one configuration is the fleet's host); null otherwise
 */
public record RunPlan(List<Scenario> configurations, boolean comparison, String out, boolean renumber,
    String traceFilter, boolean clustered, FleetScenario fleet) implements Serializable {

  /** A plan for one host's configurations. */
  public RunPlan(List<Scenario> configurations, boolean comparison, String out, boolean renumber,
      String traceFilter, boolean clustered) {
    this(configurations, comparison, out, renumber, traceFilter, clustered, null);
  }

  /** A plan for a fleet run, on a cluster when {@code clustered}. */
  public static RunPlan of(FleetScenario fleet, String out, boolean renumber, boolean clustered) {
    return new RunPlan(List.of(fleet.host()), false, out, renumber, null, clustered, fleet);
  }
}
