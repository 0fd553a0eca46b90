package io.vstack.workload.fleet;

import io.vstack.engine.LogicalProcess;
import io.vstack.engine.checkpoint.CheckpointCodec;
import io.vstack.engine.hosted.HostedModel;
import io.vstack.engine.hosted.ModelFactory;
import io.vstack.engine.hosted.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * A fleet, hosted by name ({@value #NAME}): built from the resolved {@link FleetScenario}. A process's report is
 * the process itself in checkpoint form, so the client restores every process that ran on the members into one
 * {@link FleetModel} and reads it as after a run on one JVM. Fleet runs record no traces.
 */
public final class FleetFactory extends ModelFactory<FleetScenario> {
  public static final String NAME = "fleet";

  public FleetFactory() {
    super(NAME, FleetScenario.class);
  }

  @Override
  public HostedModel build(FleetScenario scenario) {
    FleetModel model = new FleetModel(scenario);
    return new HostedModel(model, id -> model.process(id) == null ? null : CheckpointCodec.encode(model.process(id)));
  }

  @Override
  public List<Class<?>> wireOwners() {
    return List.of(FleetMsg.class);
  }

  @Override
  public List<Class<?>> wireValues() {
    return List.of(FleetMsg.class);
  }

  /** The hosted model of {@code scenario}. */
  public static ModelSpec spec(FleetScenario scenario) {
    return new ModelSpec(NAME, scenario);
  }

  /** {@code scenario}'s model holding the processes the members reported (by process id) as they ended. */
  public static FleetModel restore(FleetScenario scenario, Map<Integer, Object> reports) {
    FleetModel model = new FleetModel(scenario);
    reports.forEach((id, report) -> model.restored(id, CheckpointCodec.decode((byte[]) report,
        LogicalProcess.class)));
    return model;
  }
}
