package io.vstack.workload.vmtrace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.model.config.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class AzureVmTableTest extends JUnitSuite {

  private static final Path SAMPLE = Path.of("../../conf/traces/azure-sample.csv");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path file(String... lines) throws Exception {
    Path f = tmp.newFile("vmtable.csv").toPath();
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  public void theShippedSampleImportsWithEveryBucketMapped() {
    List<VmRecord> vms = AzureVmTable.read(SAMPLE, 0);
    assertEquals(2000, vms.size());
    assertTrue(vms.stream().allMatch(v -> v.created() % 300 == 0 && v.deleted() >= v.created()));
    assertTrue(vms.stream().anyMatch(v -> v.cores() == 32));
    assertTrue(vms.stream().anyMatch(v -> v.memoryGb() == 64));
  }

  @Test
  public void theShippedSampleIsWhatTheGeneratorMakes() throws Exception {
    assertEquals(Files.readAllLines(SAMPLE), SyntheticAzureTrace.generate(2000, 2, 1));
  }

  @Test
  public void aRowParsesIntoItsFieldsWithTopBucketsMapped() throws Exception {
    VmRecord vm = AzureVmTable.read(file("abc,sub,dep,300,900,10.0,5.0,8.0,Interactive,>24,>64"), 0).get(0);
    assertEquals(new VmRecord(1, "abc", "dep", 300, 900, 32, 128, "Interactive", 5.0), vm);
  }

  @Test
  public void aMalformedRowFailsTheWholeImportWithFileLineAndColumn() throws Exception {
    String good = "a,s,d,0,300,1,1,1,Unknown,2,2";
    String[][] bad = {
        {"a,s,d,0,300,1,1,1,Unknown,2", "28: expected 11 comma-separated columns"},
        {"a,s,d,0,300,1,1,1,Unknown,2,2,x", "31: expected 11 comma-separated columns"},
        {" ,s,d,0,300,1,1,1,Unknown,2,2", "1: vmid is empty"},
        {"a,s,d,soon,300,1,1,1,Unknown,2,2", "7: vmcreated 'soon' is not a whole number of seconds"},
        {"a,s,d,600,300,1,1,1,Unknown,2,2", "11: vmdeleted 300 is before vmcreated 600"},
        {"a,s,d,0,300,1,1,1,Unknown,3,2", "27: vmcorecountbucket '3' is not one of 2, 4, 8, 24, >24"},
        {"a,s,d,0,300,1,1,1,Unknown,2,16", "29: vmmemorybucket '16' is not one of 2, 4, 8, 32, 64, >64"},
        {"a,s,d,0,300,1,busy,1,Unknown,2,2", "15: avgcpu 'busy' is not a number"},
        {"a,s,d,0,300,1,140,1,Unknown,2,2", "15: avgcpu 140 is not a utilization from 0 to 100"}};
    for (String[] c : bad) {
      Path f = file(good, good, c[0]);
      AzureVmTable.BadTrace e = Assert.assertThrows(AzureVmTable.BadTrace.class, () -> AzureVmTable.read(f, 0));
      assertEquals(f + ":3:" + c[1], e.getMessage().substring(0, Math.min(e.getMessage().length(),
          (f + ":3:" + c[1]).length())));
      Files.delete(f);
    }
  }

  @Test
  public void quotedFieldsMayHoldCommasAndQuotes() throws Exception {
    String row = "\"vm,1\",sub,\"dep \"\"x\"\"\",300,900,10.0,5.0,8.0,\"Delay-insensitive\",2,4";
    VmRecord vm = AzureVmTable.read(file(row), 0).get(0);
    assertEquals(new VmRecord(1, "vm,1", "dep \"x\"", 300, 900, 2, 4, "Delay-insensitive", 5.0), vm);
  }

  @Test
  public void blankLinesAreSkippedAndLaterLinesKeepTheirNumbers() throws Exception {
    String good = "a,s,d,0,300,1,1,1,Unknown,2,2";
    Path f = file(good, "", "a,s,d,soon,300,1,1,1,Unknown,2,2");
    AzureVmTable.BadTrace e = Assert.assertThrows(AzureVmTable.BadTrace.class, () -> AzureVmTable.read(f, 0));
    assertEquals(f + ":3:7: vmcreated 'soon' is not a whole number of seconds", e.getMessage());
  }

  @Test
  public void anUnclosedQuoteIsAnErrorNamingFileLineAndColumn() throws Exception {
    Path f = file("a,s,d,0,300,1,1,1,Unknown,2,2", "\"b,s,d,0,300,1,1,1,Unknown,2,2");
    AzureVmTable.BadTrace e = Assert.assertThrows(AzureVmTable.BadTrace.class, () -> AzureVmTable.read(f, 0));
    assertTrue(e.getMessage(), e.getMessage().matches(Pattern.quote(f.toString()) + ":[23]:[0-9]+: .*quote.*"));
  }

  @Test
  public void aMissingFileIsAClearError() {
    AzureVmTable.BadTrace e = Assert.assertThrows(AzureVmTable.BadTrace.class,
        () -> AzureVmTable.read(Path.of("no/such/vmtable.csv"), 0));
    assertEquals("no/such/vmtable.csv: no such trace file", e.getMessage());
  }

  @Test
  public void placementNeverOverfillsAHostAndFreesCapacityAtDeletion() {
    // Hosts of 128 GiB; 64 GiB VMs. a leaves at 600, so e (arriving at 600) takes its place; f needs 128 GiB.
    List<VmRecord> vms = List.of(
        new VmRecord(1, "a", "d", 0, 600, 2, 64, "x", 50),
        new VmRecord(2, "b", "d", 0, 900, 2, 64, "x", 50),
        new VmRecord(3, "c", "d", 300, 900, 2, 64, "x", 50),
        new VmRecord(4, "e", "d", 600, 900, 2, 64, "x", 50),
        new VmRecord(5, "f", "d", 600, 900, 2, 128, "x", 50));
    Placement.Result first = Placement.place(vms, 2, 128 * 1024, 80, WorkloadSpec.Placement.first_fit);
    assertEquals(List.of("a", "b", "e"), ids(first.hosts().get(0)));
    assertEquals(List.of("c"), ids(first.hosts().get(1)));
    assertEquals(List.of("f"), ids(first.rejected()));
    Placement.Result spread = Placement.place(vms, 2, 128 * 1024, 80, WorkloadSpec.Placement.least_loaded);
    assertEquals(List.of("a", "c", "e"), ids(spread.hosts().get(0)));
    assertEquals(List.of("b"), ids(spread.hosts().get(1)));
    assertEquals(List.of("f"), ids(spread.rejected()));
  }

  @Test
  public void placementRespectsCores() {
    List<VmRecord> vms = List.of(new VmRecord(1, "a", "d", 0, 600, 24, 2, "x", 50),
        new VmRecord(2, "b", "d", 0, 600, 8, 2, "x", 50));
    Placement.Result r = Placement.place(vms, 1, 1024 * 1024, 30, WorkloadSpec.Placement.first_fit);
    assertEquals(List.of("a"), ids(r.hosts().get(0)));
    assertEquals(List.of("b"), ids(r.rejected()));
  }

  private static List<String> ids(List<VmRecord> vms) {
    return vms.stream().map(VmRecord::vmid).toList();
  }
}
