package io.vstack.model.calibrate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.model.config.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class CalibrationTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf");
  private static final String HEADER = "phase,guest_memory_mib,running_guests,duration_ms";
  private static final Scenario SHIPPED = Scenario.load(CONF, null, List.of());

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path csv(String... rows) throws Exception {
    Path file = tmp.newFile().toPath();
    List<String> lines = new ArrayList<>(List.of(HEADER));
    lines.addAll(List.of(rows));
    Files.write(file, lines);
    return file;
  }

  /** The fits of {@code rows} on the shipped default scenario's host, by key. */
  private Map<String, String> fits(String... rows) throws Exception {
    return Calibration.fit(csv(rows), SHIPPED.cost(), SHIPPED.host()).stream()
        .collect(Collectors.toMap(Calibration.Fit::path, Calibration.Fit::value));
  }

  private String error(String... rows) throws Exception {
    Path file = csv(rows);
    return Assert.assertThrows(Calibration.BadMeasurements.class,
        () -> Calibration.fit(file, SHIPPED.cost(), SHIPPED.host())).getMessage();
  }

  @Test
  public void theExampleMeasurementsAreFittedBackToTheParametersTheyWereMadeFrom() throws Exception {
    List<Calibration.Fit> fits = Calibration.fit(CONF.resolve("calibration-example.csv"), SHIPPED.cost(),
        SHIPPED.host());
    Path file = tmp.newFile("calibrated.conf").toPath();
    Files.writeString(file, CalibratedFile.of(Files.readString(CONF.resolve("cost-model.conf")), fits,
        "calibration-example.csv"));
    Scenario fitted = Scenario.load(CONF, null, List.of(), file);
    // parse: mean of 12.0, 11.5, 12.5 ms. build: 30 ms + 20 ms/GiB. populate: 102 ms/GiB less 2 ms heap lock.
    assertEquals(12_000_000, fitted.cost().parseConfig());
    assertEquals(30_000_000, fitted.cost().buildBase());
    assertEquals(20_000_000, fitted.cost().buildPerGib());
    assertEquals(100_000_000, fitted.cost().populatePerGib());
    // name_check: 0.262 ms per running guest over 2 lookups = 131 us each, less 1 us per entry and 2 x 50 us.
    assertEquals(30_000, fitted.cost().xsOp());
    assertEquals(140_000_000, fitted.cost().vifHotplug());
    assertEquals(90_000_000, fitted.cost().vbdHotplug());
    assertEquals(260_000_000, fitted.cost().kernelBoot());
    // 474 ms per GiB; 24 GB/s for the node's 12 cores; 2 GB/s from the other node; release 63.2 ms per GiB less
    // 16 batches' hand-offs of 4 x 50 us
    assertEquals(2.11, fitted.cost().scrubGibPerSecond(), 1e-9);
    assertEquals(24.0, fitted.host().memoryGbps(), 1e-9);
    assertEquals(2.0, fitted.host().interconnectGbps(), 1e-9);
    assertEquals(60_000_000, fitted.cost().releasePerGib());
    assertEquals(50_000_000, fitted.cost().dom0().deviceModelSpawn());
    assertEquals(5_000_000, fitted.cost().dom0().deviceModelStop());
    assertEquals(300_000_000, fitted.cost().dom0().pygrub());
    assertEquals(10_000_000, fitted.cost().dom0().deviceModelPerSecond());
    assertEquals(100_000, fitted.cost().dom0().consolePerSecond());
    assertEquals(SHIPPED.cost().messageLatency(), fitted.cost().messageLatency());
    assertEquals(SHIPPED.host().nodes(), fitted.host().nodes());
    String text = Files.readString(file);
    assertTrue(text.contains("# calibrated from calibration-example.csv: mean"));
    assertTrue(text, text.contains("hosts {\n  paper-2socket {\n    # calibrated from calibration-example.csv: GB/s"));
  }

  @Test
  public void theNodesBandwidthIsTheRateOfAllItsCoresWhenTheyAreHeldBelowTheirCeiling() throws Exception {
    // 2^30 B / 20 GB/s = 53.687 ms per GiB, under the 12 cores' 27.2 GB/s
    assertEquals("20.000", fits("scrub_node,1024,0,100", "scrub_node,3072,0,207.374").get(
        "hosts.paper-2socket.memory-bandwidth-gbps"));
  }

  @Test
  public void aNodeScrubAsFastAsItsCoresCannotFitTheNodesBandwidth() throws Exception {
    // 12 cores at 2.11 GiB/s: 39.5 ms per GiB
    String e = error("scrub_node,1024,0,40", "scrub_node,2048,0,79");
    assertTrue(e, e.startsWith("scrub_node: 27.53 GB/s is what 12 cores of paper-2socket reach at 2.110 GiB/s"));
  }

  @Test
  public void theInterconnectIsTheRateOfOneRemoteCoreHeldBelowItsCeiling() throws Exception {
    assertEquals("1.000", fits("scrub_remote,1024,0,1000", "scrub_remote,2048,0,2073.741824")
        .get("hosts.paper-2socket.interconnect-gbps"));
  }

  @Test
  public void aRemoteScrubAtTheCoresRateCannotFitTheInterconnect() throws Exception {
    String e = error("scrub_remote,1024,0,470", "scrub_remote,2048,0,940");
    assertTrue(e, e.startsWith("scrub_remote: 2.28 GB/s is not below 2.27 GB/s, the slower of one core"));
  }

  @Test
  public void theCoreCannotBeFasterThanItsNodesMemory() throws Exception {
    String e = error("scrub_local,1024,0,10", "scrub_local,2048,0,20");
    assertTrue(e, e.startsWith("scrub_local: one core at 107.37 GB/s is faster than the node's memory"));
  }

  @Test
  public void theReleaseWalkIsTheDestroysSlopeLessItsBatchesHandOffs() throws Exception {
    // 64 MiB batches: 16 per GiB, 4 messages of 50 us each
    assertEquals("45000us", fits("release,1024,0,300", "release,2048,0,348.2").get(
        "cost.hypervisor.release-per-gib"));
  }

  @Test
  public void runningCostsAreSlopesOverRunningGuestsAndDom0StepsAreMeans() throws Exception {
    Map<String, String> fits = fits("device_model_cpu,1024,2,7", "device_model_cpu,1024,6,15",
        "console_cpu,1024,0,3", "console_cpu,1024,100,4", "device_model_spawn,1024,0,80",
        "device_model_stop,1024,0,3", "pygrub,1024,0,500", "pygrub,1024,0,700");
    assertEquals("2000us", fits.get("cost.device-model.running-per-second"));
    assertEquals("10us", fits.get("cost.dom0.console-per-second"));
    assertEquals("80000us", fits.get("cost.device-model.spawn"));
    assertEquals("3000us", fits.get("cost.device-model.stop"));
    assertEquals("600000us", fits.get("cost.bootloader.pygrub"));
  }

  @Test
  public void aBadRowIsRejectedWithFileLineAndColumn() throws Exception {
    Path file = csv("parse,1024,0,12", "teleport,1024,0,1");
    String e = Assert.assertThrows(Calibration.BadMeasurements.class,
        () -> Calibration.fit(file, SHIPPED.cost(), SHIPPED.host())).getMessage();
    assertTrue(e, e.startsWith(file + ":3:1: phase 'teleport' is not one of parse, build"));
    String number = error("parse,1024,0,12", "", "\"build\",2048, 0,twelve");
    assertTrue(number, number.endsWith(":4:17: duration_ms 'twelve' is not a number >= 0"));
    String columns = error("parse,1024,0");
    assertTrue(columns, columns.endsWith(":2:1: expected 4 columns, found 3"));
    String quote = error("\"parse,1024,0,12");
    // an unterminated quote runs to the end of the file, where the parser notices it
    assertTrue(quote, quote.endsWith(":3: not CSV: Missing closing quote for value"));
  }

  @Test
  public void aHeaderWithoutRowsIsNoMeasurements() throws Exception {
    String e = error("", "");
    assertTrue(e, e.endsWith(": no measurements: the file has its header but no rows"));
    Path empty = tmp.newFile().toPath();
    String none = Assert.assertThrows(Calibration.BadMeasurements.class,
        () -> Calibration.fit(empty, SHIPPED.cost(), SHIPPED.host())).getMessage();
    assertTrue(none, none.endsWith(":1:1: empty; expected the header " + HEADER));
  }

  @Test
  public void aWrongHeaderIsRejected() throws Exception {
    Path file = tmp.newFile().toPath();
    Files.write(file, List.of("phase,mib,running,ms", "parse,1024,0,12"));
    String e = Assert.assertThrows(Calibration.BadMeasurements.class,
        () -> Calibration.fit(file, SHIPPED.cost(), SHIPPED.host())).getMessage();
    assertTrue(e, e.startsWith(file + ":1:1: expected the header " + HEADER));
  }

  @Test
  public void aLineNeedsMoreThanOneSize() throws Exception {
    assertTrue(error("build,1024,0,50", "build,1024,0,52").contains("two or more different sizes"));
    assertTrue(error("console_cpu,1024,3,1", "console_cpu,2048,3,1").contains("numbers of running guests"));
  }

  @Test
  public void aScrubThatDoesNotGrowWithMemoryHasNoRate() throws Exception {
    assertTrue(error("scrub_local,1024,0,50", "scrub_local,2048,0,50").startsWith("scrub_local: the time does not "
        + "grow"));
  }

  @Test(timeout = 300_000)
  public void tenThousandMutatedFilesEachFitOrAreRejectedAsBadMeasurements() throws Exception {
    byte[] example = Files.readAllBytes(CONF.resolve("calibration-example.csv"));
    String alphabet = ",\"\n\r 0123456789.-+eE_abcxyz\u00e9";
    java.util.Random random = new java.util.Random(13);
    Path file = tmp.newFile().toPath();
    Path model = tmp.newFile().toPath();
    String base = Files.readString(CONF.resolve("cost-model.conf"));
    int fitted = 0;
    for (int i = 0; i < 10_000; i++) {
      StringBuilder text = new StringBuilder(new String(example, java.nio.charset.StandardCharsets.UTF_8));
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        int at = random.nextInt(text.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, c);
          case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
          default -> text.setCharAt(Math.min(at, text.length() - 1), c);
        }
      }
      Files.writeString(file, text);
      try {
        List<Calibration.Fit> fits = Calibration.fit(file, SHIPPED.cost(), SHIPPED.host());
        fitted++;
        // writing and loading the file is what takes the time: one in ten of the files that fit
        if (fitted % 10 == 0) {
          Files.writeString(model, CalibratedFile.of(base, fits, "fuzz.csv"));
          loadOrInvalid(model);
        }
      } catch (Calibration.BadMeasurements e) {
        // a row's error names the file, a fit's names its phase
        assertTrue(e.getMessage(), e.getMessage().startsWith(file.toString()) || e.getMessage().contains(": "));
      }
    }
    assertTrue("some mutations still fit: " + fitted, fitted > 500);
  }

  private static void loadOrInvalid(Path model) {
    try {
      Scenario.load(CONF, null, List.of(), model);
    } catch (io.vstack.model.config.InvalidConfig e) {
      assertTrue(e.getMessage(), e.getMessage().contains(model.toString()));
    }
  }
}
