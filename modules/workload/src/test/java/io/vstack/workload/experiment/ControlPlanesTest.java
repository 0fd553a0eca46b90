package io.vstack.workload.experiment;

import static org.junit.Assert.assertEquals;

import static org.junit.Assert.assertTrue;

import io.vstack.model.config.InvalidConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assert;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** The control-plane comparison and sensitivity experiments at reduced size, and the designs file's errors. */
public class ControlPlanesTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf");
  private static List<ControlPlane> designs;
  private static ExperimentResult comparison;
  private static ExperimentResult sensitivity;

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void runBothQuickly() {
    designs = ControlPlane.load(CONF.resolve(ControlPlane.FILE));
    Sweep sweep = new Sweep(CONF, List.of(), 2, true, (done, total) -> { });
    comparison = new ControlPlanes().run(sweep);
    sensitivity = new ControlPlaneSensitivity().run(sweep);
  }

  private static double cell(Table t, String design, String column) {
    return Double.parseDouble(t.rows().stream().filter(r -> r.get(0).equals(design)).findFirst().orElseThrow()
        .get(t.header().indexOf(column)));
  }

  @Test
  public void everyDesignOfTheFileIsComparedInFileOrderWithItsSource() {
    Table table = comparison.tables().get(0);
    assertEquals(designs.stream().map(ControlPlane::name).toList(), table.rows().stream().map(r -> r.get(0))
        .toList());
    Table about = comparison.tables().get(1);
    for (int i = 0; i < designs.size(); i++) {
      assertEquals(designs.get(i).source(), about.rows().get(i).get(2));
      assertTrue(designs.get(i).name(), !designs.get(i).source().isBlank());
    }
    assertEquals(List.of("xen-4.8", "paper"), designs.subList(0, 2).stream().map(ControlPlane::name).toList());
  }

  @Test
  public void thePapersCombinationBeatsStockXenOnTheStormAndOnTimeToCapacity() {
    Table t = comparison.tables().get(0);
    assertTrue(cell(t, "paper", "storm_makespan_s") * 2 < cell(t, "xen-4.8", "storm_makespan_s"));
    assertTrue(cell(t, "paper", "create_p95_ms") < cell(t, "xen-4.8", "create_p95_ms"));
    assertTrue(cell(t, "paper", "destroy_p95_ms") < cell(t, "xen-4.8", "destroy_p95_ms"));
    assertTrue(cell(t, "paper", "time_to_capacity_p95_s") < cell(t, "xen-4.8", "time_to_capacity_p95_s"));
    assertTrue("the VM trace boots sooner", cell(t, "paper", "trace_boot_p95_s") * 2
        < cell(t, "xen-4.8", "trace_boot_p95_s"));
    assertTrue(cell(t, "paper", "trace_capacity_p95_s") < cell(t, "xen-4.8", "trace_capacity_p95_s"));
  }

  @Test
  public void lightVmsShellPoolServesTheQuickStormFasterThanThePapersFullBuilds() {
    Table t = comparison.tables().get(0);
    System.out.printf("control-planes (quick): create p50 lightvm %s ms, paper %s ms; time to capacity p95 lightvm "
        + "%s s, paper %s s%n", cell(t, "lightvm", "create_p50_ms"), cell(t, "paper", "create_p50_ms"),
        cell(t, "lightvm", "time_to_capacity_p95_s"), cell(t, "paper", "time_to_capacity_p95_s"));
    assertTrue(cell(t, "lightvm", "create_p50_ms") * 2 < cell(t, "paper", "create_p50_ms"));
  }

  @Test
  public void theSensitivitySweepHasBothPhasesOfEveryPointAndNamesAWinnerFromTheFile() {
    Table t = sensitivity.tables().get(0);
    assertEquals(4 * 2 * 2, t.rows().size());
    assertEquals(4 * 2, sensitivity.charts().size());
    List<String> names = designs.stream().map(ControlPlane::name).toList();
    for (List<String> row : t.rows()) {
      assertTrue(row.toString(), names.contains(row.get(row.size() - 1)));
      double xen48 = Double.parseDouble(row.get(t.header().indexOf("xen-4.8_s")));
      double paper = Double.parseDouble(row.get(t.header().indexOf("paper_s")));
      assertTrue("the fixes never lose to stock: " + row, paper <= xen48);
    }
  }

  @Test
  public void withIdleScrubbingDestroyReturnsBeforeMemoryIsCleanAndTheTableSaysWhenItIs() {
    Table c = comparison.tables().get(0);
    assertTrue(cell(c, "xen-4.10", "destroy_p95_ms") < cell(c, "xen-4.10", "memory_clean_s") * 1e3);
    assertTrue(cell(c, "xen-4.10", "destroy_p95_ms") < cell(c, "xen-4.8", "destroy_p95_ms"));
    assertEquals("synchronous scrubbing: clean when the last destroy returned",
        cell(c, "xen-4.8", "memory_clean_s") * 1e3, cell(c, "xen-4.8", "destroy_p95_ms"), 50);
  }

  private Path confWith(String designs) throws IOException {
    Path conf = tmp.newFolder("conf").toPath();
    for (String f : List.of("cost-model.conf", "hosts.conf")) {
      Files.copy(CONF.resolve(f), conf.resolve(f));
    }
    Files.createDirectories(conf.resolve("scenarios"));
    Files.copy(CONF.resolve("scenarios").resolve("default.conf"), conf.resolve("scenarios").resolve("default.conf"));
    Files.writeString(conf.resolve(ControlPlane.FILE), designs);
    return conf;
  }

  @Test
  public void aDesignWithAnUnknownKeyIsRejectedNamingTheFileAndTheAllowedKeys() throws IOException {
    Path conf = confWith("control-planes = [ { name = a, description = d, source = s, set {}, colour = red } ]");
    InvalidConfig e = Assert.assertThrows(InvalidConfig.class, () -> ControlPlane.load(conf.resolve(ControlPlane.FILE)));
    assertTrue(e.getMessage(), e.getMessage().contains(ControlPlane.FILE));
    assertTrue(e.getMessage(), e.getMessage().contains("colour"));
    assertTrue(e.getMessage(), e.getMessage().contains("description, name, set, source"));
  }

  @Test
  public void aDesignListedTwiceOrWithoutSettingsIsRejected() throws IOException {
    Path twice = confWith("control-planes = [ { name = a, description = d, source = s, set {} }, "
        + "{ name = a, description = d, source = s, set {} } ]");
    InvalidConfig e = Assert.assertThrows(InvalidConfig.class, () -> ControlPlane.load(twice.resolve(ControlPlane.FILE)));
    assertTrue(e.getMessage(), e.getMessage().contains("'a' is listed twice"));
    tmp.delete();
    tmp.create();
    Path bare = confWith("control-planes = [ { name = a, description = d, source = s } ]");
    e = Assert.assertThrows(InvalidConfig.class, () -> ControlPlane.load(bare.resolve(ControlPlane.FILE)));
    assertTrue(e.getMessage(), e.getMessage().contains("set is missing"));
  }

  @Test
  public void aDesignSettingABadValueFailsTheExperimentNamingTheDesignAndTheAllowedValues() throws IOException {
    Path conf = confWith("control-planes = [ { name = odd, description = d, source = s, "
        + "set { toolstack.mode = sideways } } ]");
    Sweep sweep = new Sweep(conf, List.of(), 1, true, (done, total) -> { });
    InvalidConfig e = Assert.assertThrows(InvalidConfig.class, () -> new ControlPlanes().run(sweep));
    assertTrue(e.getMessage(), e.getMessage().contains("design 'odd'"));
    assertTrue(e.getMessage(), e.getMessage().contains("sideways"));
    assertTrue(e.getMessage(), e.getMessage().contains("parallel"));
  }
}
