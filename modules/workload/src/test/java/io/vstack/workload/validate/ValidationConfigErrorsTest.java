package io.vstack.workload.validate;

import static org.junit.Assert.assertTrue;

import io.vstack.model.config.InvalidConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** A bad point fails the load with its file, its key and what is allowed, before anything runs. */
public class ValidationConfigErrorsTest extends JUnitSuite {

  @Rule
  public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String POINT = """
      source { citation = "c", url = "u", kind = paper }
      points = [ {
        id = p1, what = w, measured = m, hardware = h, xen = x, confidence = c
        scenario { set = ["%s"] }
        metric = %s
        real { value = 1, unit = %s }
      }%s ]
      """;

  private String error(String set, String metric, String unit, String more) throws IOException {
    Path conf = tmp.newFolder("conf").toPath();
    for (String f : new String[] {"cost-model.conf", "hosts.conf"}) {
      Files.copy(ValidationTest.CONF.resolve(f), conf.resolve(f));
    }
    Files.createDirectories(conf.resolve("scenarios"));
    Files.copy(ValidationTest.CONF.resolve("scenarios/default.conf"), conf.resolve("scenarios/default.conf"));
    Files.createDirectories(conf.resolve("validation"));
    Files.writeString(conf.resolve("validation/bad.conf"), String.format(POINT, set, metric, unit, more));
    return org.junit.Assert.assertThrows(InvalidConfig.class, () -> ValidationSuite.load(conf)).getMessage();
  }

  private static void mentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue("'" + message + "' should mention '" + p + "'", message.contains(p));
    }
  }

  @Test
  public void anUnknownMetricNamesTheFileTheKeyAndTheMetrics() throws IOException {
    mentions(error("workload.guests=1", "boot-speed", "s", ""), "bad.conf", "points[0].metric", "boot-speed",
        "create-latency-p50", "scrub-throughput");
  }

  @Test
  public void aUnitOfTheWrongDimensionIsRejected() throws IOException {
    mentions(error("workload.guests=1", "destroy-latency-max", "GB/s", ""), "bad.conf", "points[0].real.unit",
        "destroy-latency-max");
  }

  @Test
  public void anUnknownScenarioKeyNamesThePointAndTheKey() throws IOException {
    mentions(error("guest.colour=blue", "destroy-latency-max", "s", ""), "bad.conf", "points[0].scenario", "p1",
        "colour");
  }

  @Test
  public void aMissingKeyIsNamed() throws IOException {
    mentions(error("workload.guests=1", "destroy-latency-max", "s", ", { id = p2 }"), "bad.conf", "points[1].",
        "is missing");
  }

  @Test
  public void aPointIdUsedTwiceIsRejected() throws IOException {
    String twice = ", { id = p1, what = w, measured = m, hardware = h, xen = x, confidence = c, scenario { }, "
        + "metric = destroy-latency-max, real { value = 1, unit = s } }";
    mentions(error("workload.guests=1", "destroy-latency-max", "s", twice), "bad.conf", "p1", "already used");
  }
}
