package io.vstack.workload;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.sequential.SequentialExecutor;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class SmokeTest extends JUnitSuite {
  @Test
  public void defaultStorm() {
    for (String mode : new String[] {"serialized", "parallel"}) {
      ScenarioRun run = ScenarioRun.run(Scenarios.of("toolstack.mode=" + mode, "workload.guests=8"),
          new SequentialExecutor());
      System.out.println(mode + " " + run.summary());
      System.out.println(run.violations());
      assertEquals(java.util.List.of(), run.violations());
    }
  }
}
