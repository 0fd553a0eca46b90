package io.vstack.cli.run;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.checkpoint.CheckpointCodec;
import io.vstack.workload.fleet.FleetScenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class RunPlanTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf");

  @Test
  public void aFleetRunsPlanComesBackFromTheCheckpointJournalAsItWasStored() {
    FleetScenario fleet = FleetScenario.load(CONF, CONF.resolve("scenarios/fleet-small.conf"),
        List.of("fleet.evacuate.hosts=2", "fleet.trace.max-vms=50"), null, Path.of("../.."));
    RunPlan plan = RunPlan.of(fleet, "runs/fleet-small", true, false);
    RunPlan back = CheckpointCodec.decode(CheckpointCodec.encode(plan), RunPlan.class);
    assertEquals(plan, back);
    assertEquals(50, back.fleet().vms().size());
    assertEquals(2, back.fleet().fleet().evacuate().hosts());
  }
}
