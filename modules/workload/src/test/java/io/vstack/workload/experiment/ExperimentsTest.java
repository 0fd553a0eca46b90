package io.vstack.workload.experiment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.charts.Chart;
import io.vstack.charts.ChartSvg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** Every experiment at reduced size: its qualitative result, and what it writes. */
public class ExperimentsTest extends JUnitSuite {

  private static ExperimentResult bootVsConcurrency;
  private static ExperimentResult bootVsRunning;
  private static ExperimentResult destroyVsMemory;
  private static ExperimentResult ablation;
  private static ExperimentResult traceReplay;
  private static ExperimentResult autoscale;

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void runEveryExperimentQuickly() {
    Sweep sweep = new Sweep(Path.of("../../conf"), List.of(), 2, true, (done, total) -> { });
    bootVsConcurrency = new BootVsConcurrency().run(sweep);
    bootVsRunning = new BootVsRunning().run(sweep);
    destroyVsMemory = new DestroyVsMemory().run(sweep);
    ablation = new Ablation().run(sweep);
    traceReplay = new TraceReplay().run(sweep);
    autoscale = new Autoscale().run(sweep);
  }

  private static double cell(ExperimentResult r, int table, int row, String column) {
    Table t = r.tables().get(table);
    return Double.parseDouble(t.rows().get(row).get(t.header().indexOf(column)));
  }

  @Test
  public void theSerializedOverParallelRatioGrowsWithConcurrentCreations() {
    Table t = bootVsConcurrency.tables().get(0);
    double previous = 0;
    for (int row = 0; row < t.rows().size(); row++) {
      double ratio = cell(bootVsConcurrency, 0, row, "serialized_over_parallel");
      assertTrue("row " + row + ": " + ratio + " after " + previous, ratio >= previous);
      previous = ratio;
    }
    assertEquals(1.0, cell(bootVsConcurrency, 0, 0, "serialized_over_parallel"), 0.01);
    assertTrue(previous > 2.5);
  }

  @Test
  public void cachedCreationTimeGrowsFarLessInRunningGuestsThanUncached() {
    Table t = bootVsRunning.tables().get(0);
    int last = t.rows().size() - 1;
    assertEquals("200", t.rows().get(last).get(0));
    double offGrowth = cell(bootVsRunning, 0, last, "create_ms_cache_off") - cell(bootVsRunning, 0, 0,
        "create_ms_cache_off");
    double onGrowth = cell(bootVsRunning, 0, last, "create_ms_cache_on") - cell(bootVsRunning, 0, 0,
        "create_ms_cache_on");
    assertTrue("uncached grew " + offGrowth + " ms", offGrowth > 40);
    // what remains with the cache: running guests' share of dom0's vCPUs and xenstored's walk over more connections
    assertTrue("cached grew " + onGrowth + " ms", Math.abs(onGrowth) < offGrowth / 4);
  }

  @Test
  public void localScrubbingBeatsRemoteAndDestroyTimeGrowsWithMemory() {
    Table t = destroyVsMemory.tables().get(0);
    double previous = 0;
    for (int row = 0; row < t.rows().size(); row++) {
      double remote = cell(destroyVsMemory, 0, row, "remote_scrub_node1_s");
      double local = cell(destroyVsMemory, 0, row, "local_scrub_node1_s");
      assertTrue("row " + row, remote > 2.1 * local);
      assertTrue(remote > previous);
      // one CPU scrubs another node's memory at its own rate: the interconnect is wider than a core
      assertEquals("remote on node 1 as fast as remote on dom0's node", 1.0,
          remote / cell(destroyVsMemory, 0, row, "remote_scrub_node0_s"), 0.02);
      previous = remote;
    }
    Table storm = destroyVsMemory.tables().get(1);
    int last = storm.rows().size() - 1;
    assertTrue(cell(destroyVsMemory, 1, last, "remote_over_local") > cell(destroyVsMemory, 1, 0, "remote_over_local"));
  }

  @Test
  public void everyFixHelpsWhereItShouldAndAllThreeBeatStock() {
    Table t = ablation.tables().get(0);
    assertEquals(8, t.rows().size());
    assertEquals("stock", t.rows().get(0).get(0));
    assertEquals("all fixes", t.rows().get(7).get(0));
    assertTrue(cell(ablation, 0, 1, "boot_speedup") > 1.5);
    assertTrue(cell(ablation, 0, 4, "destroy_speedup") > 2);
    assertTrue(cell(ablation, 0, 7, "total_speedup") > cell(ablation, 0, 1, "total_speedup"));
    assertTrue(cell(ablation, 0, 7, "total_speedup") > cell(ablation, 0, 4, "total_speedup"));
  }

  @Test
  public void aReportHasACsvPerTableAnSvgPerChartAndASelfContainedPage() throws Exception {
    Path dir = tmp.getRoot().toPath();
    ExperimentReport.write(dir, destroyVsMemory);
    List<String> csv = Files.readAllLines(dir.resolve("destroy-vs-memory.csv"));
    assertEquals("guest_gib,remote_scrub_node0_s,remote_scrub_node1_s,local_scrub_node0_s,local_scrub_node1_s,"
        + "node1_remote_over_local", csv.get(0));
    assertEquals(4, csv.size());
    assertTrue(Files.isRegularFile(dir.resolve("destroy-storm.csv")));
    String svg = Files.readString(dir.resolve("destroy-vs-memory.svg"));
    assertTrue(svg.contains("guest memory (GiB, log scale)") && svg.contains("destroy time (s, log scale)")
        && svg.contains("Destroying one guest until its memory is reusable"));
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<a href=\"destroy-vs-memory.csv\">destroy-vs-memory.csv</a>"));
    assertTrue(html.contains("<a href=\"destroy-storm.svg\">destroy-storm.svg</a>"));
    assertEquals(2, html.split("<svg", -1).length - 1);
    assertTrue(!html.contains("http://") || !html.contains("src=\"http"));
  }

  @Test
  public void theTraceReplayCreatesTheSameVmsInBothConfigurationsAndTheFixesShortenBootAndDestroy() {
    Table t = traceReplay.tables().get(0);
    assertEquals(List.of("VMs created", "150", "150", ""), t.rows().get(0));
    assertTrue(cell(traceReplay, 0, 3, "speedup") > 1.2);
    List<String> p95Destroy = t.rows().stream().filter(r -> r.get(0).equals("destroy latency p95 (s)")).findFirst()
        .orElseThrow();
    assertTrue(p95Destroy.toString(), Double.parseDouble(p95Destroy.get(3)) > 3);
  }

  @Test
  public void fasterCreationMeansFewerDroppedRequestsAndShorterTimeToCapacity() {
    assertEquals("requests dropped", autoscale.tables().get(0).rows().get(0).get(0));
    assertTrue(cell(autoscale, 0, 0, "stock") > cell(autoscale, 0, 0, "all_fixes"));
    assertEquals("time to capacity p95 (s)", autoscale.tables().get(0).rows().get(4).get(0));
    assertTrue(cell(autoscale, 0, 4, "speedup") > 2);
  }

  @Test
  public void chartsAreByteIdenticalWhenRenderedAgain() {
    Chart chart = ablation.charts().get(0);
    assertEquals(ChartSvg.render(chart), ChartSvg.render(chart));
  }
}
