package io.vstack.cli;

import io.vstack.model.config.Scenario;
import java.io.Serializable;
import java.util.List;

/**
 * Everything {@code vstack run --resume} needs to continue a run exactly as it was started: the resolved
 * configurations (scenario file, overrides, faults and cost model already applied), whether they are a
 * stock-vs-fixes comparison, where the results go and what is traced. Stored with the run's checkpoints.
 *
 * @param traceFilter the {@code --trace-filter} spec, "" for {@code --trace} alone, null for no trace
 */
record RunPlan(List<Scenario> configurations, boolean comparison, String out, String traceFilter)
    implements Serializable {
}
