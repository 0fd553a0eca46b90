package io.vstack.workload;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.calibrate.CalibratedFile;
import io.vstack.model.calibrate.Calibration;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/**
 * {@code vstack calibrate} inverts the model's own arithmetic: measurements made by running the model with a known
 * core scrub rate, memory bandwidths and release cost, all different from the shipped ones, are fitted back to those
 * values (calibrated against the shipped cost model, which knows none of them).
 */
public class CalibrationRoundTripTest extends JUnitSuite {
  private static final int[] GIB = {2, 4, 8};

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static RunSummary run(List<String> overrides, String... more) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(List.of(more));
    ScenarioRun run = ScenarioRun.run(Scenarios.of(all.toArray(String[]::new)), new SequentialExecutor());
    assertEquals(List.of(), run.violations());
    return run.summary();
  }

  /** The slowest xl destroy of the default scenario with {@code overrides}, in ms. */
  private static double destroyMs(List<String> overrides, String... more) {
    return run(overrides, more).destroy().max();
  }

  /** The longest scrub phase of a destroy (the walk over the pages and whatever scrubbing waits for), in ms. */
  private static double scrubPhaseMs(List<String> overrides, String... more) {
    return run(overrides, more).scrub().max();
  }

  /** A CSV row of {@code phase} for {@code gib} GiB. */
  private static String row(String phase, int gib, double ms) {
    return String.format(Locale.ROOT, "%s,%d,0,%.6f", phase, gib * 1024, ms);
  }

  /**
   * The default scenario with {@code shape} (which sets none of the fitted values) and, as its cost model, what
   * calibrating {@code rows} on that scenario's host writes.
   */
  private Scenario calibrated(List<String> rows, List<String> shape) throws Exception {
    Scenario before = Scenarios.of(shape.toArray(String[]::new));
    Path csv = tmp.newFile().toPath();
    List<String> lines = new ArrayList<>(List.of("phase,guest_memory_mib,running_guests,duration_ms"));
    lines.addAll(rows);
    Files.write(csv, lines);
    List<Calibration.Fit> fits = Calibration.fit(csv, before.cost(), before.host());
    Path model = tmp.newFile().toPath();
    Files.writeString(model, CalibratedFile.of(Files.readString(Scenarios.CONF.resolve("cost-model.conf")), fits,
        csv.getFileName().toString()));
    return Scenario.load(Scenarios.CONF, null, shape, model);
  }

  @Test(timeout = 300_000)
  public void theCoreTheNodesBandwidthAndTheReleaseWalkAreFittedBackFromDestroysTheModelRan() throws Exception {
    List<String> truth = List.of("cost.scrub.gib-per-second=1.7", "hosts.paper-2socket.memory-bandwidth-gbps=7.5",
        "cost.hypervisor.release-per-gib=45ms");
    // one node of 12 pCPUs, 8 of them for guests: 8 cores at 1.7 GiB/s would move 14.6 GB/s, more than 7.5 GB/s
    List<String> node = List.of("hosts.paper-2socket.nodes=1", "workload.guests=1", "toolstack.workers=1",
        "workload.pattern=one-at-a-time");
    // the same with one guest pCPU: one core scrubs
    List<String> oneCore = List.of("hosts.paper-2socket.nodes=1", "hosts.paper-2socket.pcpus-per-node=2",
        "hosts.paper-2socket.dom0-vcpus=1", "workload.guests=1", "toolstack.workers=1",
        "workload.pattern=one-at-a-time");
    List<String> rows = new ArrayList<>();
    for (int gib : GIB) {
      String memory = "guest.memory-mib=" + gib * 1024;
      double idle = destroyMs(with(node, truth), memory, "scrub.placement=idle");
      rows.add(row("release", gib, idle));
      rows.add(row("scrub_node", gib, destroyMs(with(node, truth), memory, "scrub.placement=local") - idle));
      rows.add(row("scrub_local", gib, destroyMs(with(oneCore, truth), memory, "scrub.placement=local")
          - destroyMs(with(oneCore, truth), memory, "scrub.placement=idle")));
    }
    Scenario fitted = calibrated(rows, node);
    assertEquals(1.7, fitted.cost().scrubGibPerSecond(), 0.01 * 1.7);
    assertEquals(7.5, fitted.host().memoryGbps(), 0.01 * 7.5);
    assertEquals(45e6, fitted.cost().releasePerGib(), 0.01 * 45e6);
  }

  @Test(timeout = 300_000)
  public void theInterconnectIsFittedBackFromRemoteScrubsTheModelRan() throws Exception {
    List<String> truth = List.of("hosts.paper-2socket.interconnect-gbps=1.3");
    // guest 0 lives on node 0 with dom0, guest 1 on node 1: its scrub phase, the longest, crosses the interconnect;
    // with one worker the two destroys run one after the other
    List<String> shape = List.of("workload.guests=2", "toolstack.workers=1", "workload.pattern=one-at-a-time");
    List<String> rows = new ArrayList<>();
    for (int gib : GIB) {
      String memory = "guest.memory-mib=" + gib * 1024;
      rows.add(row("scrub_remote", gib, scrubPhaseMs(with(shape, truth), memory, "scrub.placement=remote")
          - scrubPhaseMs(with(shape, truth), memory, "scrub.placement=idle")));
    }
    assertEquals(1.3, calibrated(rows, shape).host().interconnectGbps(), 0.01 * 1.3);
  }

  private static List<String> with(List<String> shape, List<String> truth) {
    List<String> all = new ArrayList<>(shape);
    all.addAll(truth);
    return all;
  }
}
