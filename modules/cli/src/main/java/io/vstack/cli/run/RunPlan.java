package io.vstack.cli.run;

import io.vstack.model.config.Scenario;
import java.io.Serializable;
import java.util.List;

/**
 * Everything {@code vstack run --resume} needs to continue a run exactly as it was started: the resolved
 * configurations (scenario file, overrides, faults and cost model already applied), whether they are a
 * stock-vs-fixes comparison, where the results go, what is traced and, for a clustered run, what its members load.
 * Stored with the run's checkpoints.
 *
 * @param renumber    whether {@code out} is a default name, numbered -2, -3, ... when taken (a name the user gave
 *                    that is taken is refused)
 * @param traceFilter the {@code --trace-filter} spec, "" for {@code --trace} alone, null for no trace
 * @param cluster     how the members of a cluster build the model; null for a run started on one JVM
 */
public record RunPlan(List<Scenario> configurations, boolean comparison, String out, boolean renumber,
    String traceFilter, OnCluster cluster) implements Serializable {

  /**
   * A clustered run's model as its members build it: they load {@code scenarioText} with {@code overrides} (each
   * configuration adds its switches), since a member has the configuration directory but not the client's files.
   */
  public record OnCluster(String scenarioText, List<String> overrides) implements Serializable {
  }
}
