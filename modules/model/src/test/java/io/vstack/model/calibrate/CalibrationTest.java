package io.vstack.model.calibrate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.model.config.CostModel;
import io.vstack.model.config.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class CalibrationTest extends JUnitSuite {
  private static final Path CONF = Path.of("../../conf");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theExampleMeasurementsAreFittedBackToTheParametersTheyWereMadeFrom() throws Exception {
    CostModel current = Scenario.load(CONF, null, List.of()).cost();
    List<Calibration.Fit> fits = Calibration.fit(CONF.resolve("calibration-example.csv"), current);
    Path file = tmp.newFile("calibrated.conf").toPath();
    Files.writeString(file, Calibration.rewrite(Files.readString(CONF.resolve("cost-model.conf")), fits,
        "calibration-example.csv"));
    CostModel fitted = Scenario.load(CONF, null, List.of(), file).cost();
    // parse: mean of 12.0, 11.5, 12.5 ms. build: 30 ms + 20 ms/GiB. populate: 102 ms/GiB less 2 ms heap lock.
    assertEquals(12_000_000, fitted.parseConfig());
    assertEquals(30_000_000, fitted.buildBase());
    assertEquals(20_000_000, fitted.buildPerGib());
    assertEquals(100_000_000, fitted.populatePerGib());
    // name_check: 0.262 ms per running guest over 2 lookups = 131 us each, less 1 us per entry and 2 x 50 us.
    assertEquals(30_000, fitted.xsOp());
    assertEquals(140_000_000, fitted.vifHotplug());
    assertEquals(90_000_000, fitted.vbdHotplug());
    assertEquals(260_000_000, fitted.kernelBoot());
    assertEquals(1.0, fitted.scrubGibPerSecond(), 1e-9);
    assertEquals(current.messageLatency(), fitted.messageLatency());
    assertTrue(Files.readString(file).contains("# calibrated from calibration-example.csv: mean"));
  }

  @Test
  public void aBadRowIsRejectedWithFileAndLine() throws Exception {
    Path file = tmp.newFile("m.csv").toPath();
    Files.write(file, List.of("phase,guest_memory_mib,running_guests,duration_ms", "parse,1024,0,12",
        "teleport,1024,0,1"));
    Calibration.BadMeasurements e = Assert.assertThrows(Calibration.BadMeasurements.class,
        () -> Calibration.fit(file, Scenario.load(CONF, null, List.of()).cost()));
    assertTrue(e.getMessage(), e.getMessage().startsWith(file + ":3: phase 'teleport' is not one of parse, build"));
  }

  @Test
  public void aLineNeedsMoreThanOneSize() throws Exception {
    Path file = tmp.newFile("m.csv").toPath();
    Files.write(file, List.of("phase,guest_memory_mib,running_guests,duration_ms", "build,1024,0,50",
        "build,1024,0,52"));
    Assert.assertThrows(Calibration.BadMeasurements.class,
        () -> Calibration.fit(file, Scenario.load(CONF, null, List.of()).cost()));
  }
}
