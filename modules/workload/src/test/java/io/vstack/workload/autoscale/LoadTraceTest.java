package io.vstack.workload.autoscale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.workload.vmtrace.AzureVmTable;
import io.vstack.workload.vmtrace.VmRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class LoadTraceTest extends JUnitSuite {
  private static final long S = 1_000_000_000L;

  @Test
  public void eachStepCarriesTheCpuTheVmsAliveInItUsedScaledToTheMean() {
    // Step 0: a (2 cores at 50 %) = 1 core; step 1: a and b (4 cores at 25 %) = 2 cores; step 2: b = 1 core.
    List<VmRecord> vms = List.of(new VmRecord(1, "a", "d", 0, 600, 2, 2, "x", 50),
        new VmRecord(2, "b", "d", 300, 900, 4, 2, "x", 25));
    LoadTrace load = LoadTrace.fromVms(vms, 300, 400, 0);
    assertEquals(3, load.rates().length);
    assertEquals(900 * S, load.durationNs());
    assertEquals(300, load.at(0), 1e-9);
    assertEquals(600, load.at(300 * S), 1e-9);
    assertEquals(300, load.at(899 * S), 1e-9);
    assertEquals("the last step holds after the end", 300, load.at(5000 * S), 1e-9);
    assertEquals(600, load.peak(), 1e-9);
  }

  @Test
  public void aLimitKeepsTheFirstStepsOnlyAndAMeanOfThoseSteps() {
    List<VmRecord> vms = List.of(new VmRecord(1, "a", "d", 0, 600, 2, 2, "x", 50),
        new VmRecord(2, "b", "d", 300, 900, 4, 2, "x", 25));
    LoadTrace load = LoadTrace.fromVms(vms, 300, 300, 2);
    assertEquals(600 * S, load.durationNs());
    assertEquals(200, load.at(0), 1e-9);
    assertEquals(400, load.at(300 * S), 1e-9);
  }

  @Test
  public void aTraceWithoutCpuUseIsRefused() {
    List<VmRecord> idle = List.of(new VmRecord(1, "a", "d", 0, 600, 2, 2, "x", 0));
    IllegalArgumentException e = Assert.assertThrows(IllegalArgumentException.class,
        () -> LoadTrace.fromVms(idle, 300, 2000, 0));
    assertTrue(e.getMessage(), e.getMessage().contains("use no CPU"));
  }

  @Test
  public void theShippedSampleGivesADailyCycleAroundTheMean() {
    LoadTrace load = LoadTrace.fromVms(AzureVmTable.read(Path.of("../../conf/traces/azure-sample.csv"), 0), 300,
        2000, 0);
    assertEquals(576, load.rates().length);
    double mean = java.util.Arrays.stream(load.rates()).average().orElse(0);
    assertEquals(2000, mean, 1e-6);
    assertTrue("a peak well above the mean: " + load.peak(), load.peak() > 1.3 * mean);
  }
}
