package io.vstack.workload;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.results.Lifecycle;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Worker;
import io.vstack.workload.experiment.ControlPlane;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Pins the model's behaviour while its code is restructured: run by run, the sequence hash, event count and a digest
 * of the results (summary, lifecycle table, every worker's report) of scenarios reaching every path of the xl and
 * xenopsd workers (allocation over NUMA nodes with and without dirty memory, the three scrub placements, Xenstore
 * transactions on one or several shards, failure cleanup, xl kills, the faults), and of every control-plane design of
 * {@code conf/control-planes.conf} on a small storm, which must also be the same on every executor setup. Any change
 * to what the model does (the events, their order or times, or what the operations report) changes a value; a
 * refactoring keeps them all.
 */
public class BehaviourPinTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource ONE_THREAD = new TestKitJunitResource(ExecutorsUnderTest.threads(1));

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  /** Recorded sequence hash, event count and digest of the results (summary, lifecycle, every worker's report). */
  private record Golden(long sequenceHash, long events, int results) {
  }

  private static final Map<String, Golden> GOLDEN = Map.ofEntries(
      Map.entry("xl stock", new Golden(0x275dfc594dc63954L, 4646, -2023636029)),
      Map.entry("xl all fixes", new Golden(0x11b7d7d620116679L, 4631, -1954509831)),
      Map.entry("xl idle scrub, allocation takes dirty memory, faults",
          new Golden(0x308a717719b87fd5L, 3598, 1407991514)),
      Map.entry("xl-4.14 autoballoon, killed", new Golden(0xb0ba27095eb00d23L, 3363, 54457809)),
      Map.entry("xl noxs, killed", new Golden(0x0cf0555773ff443cL, 2615, 1282069454)),
      Map.entry("xl shell pool, killed", new Golden(0x9b3f1fb4597ac684L, 3993, -861796273)),
      Map.entry("xl 4 shards, backends in dom0, restart and kill", new Golden(0xf5a85ffca0b06d23L, 6033, -1854466571)),
      Map.entry("xl remote scrub, killed while scrubbing", new Golden(0xa1a211f27d74b20aL, 3195, -264897129)),
      Map.entry("xl faults", new Golden(0x2f4a4594e054b680L, 4734, -223854473)),
      Map.entry("xl out of memory", new Golden(0x7081b32812a59389L, 1738, 135033877)),
      Map.entry("xl hvm, killed", new Golden(0x3969101a062e948bL, 4503, 792022203)),
      Map.entry("xenopsd hvm", new Golden(0x9f79c0715e39e236L, 3698, -374233267)),
      Map.entry("xl pygrub", new Golden(0xd09896e8a957cb5fL, 3539, 2138406265)),
      Map.entry("xenopsd scrub idle", new Golden(0xa476af0e28c40e18L, 6488, 427257787)),
      Map.entry("xenopsd scrub local", new Golden(0x8a16f7af4dfeb98eL, 4795, -1900364211)),
      Map.entry("xenopsd scrub remote", new Golden(0x215406b8197d96daL, 4769, -1080266651)),
      Map.entry("xenopsd any placement, store conflicts", new Golden(0x1e4de77e3265cf7cL, 4948, 859460577)),
      Map.entry("xenopsd faults", new Golden(0x7f8f9a6ed571ace2L, 4845, -259417484)),
      Map.entry("xenopsd idle scrub, allocation takes dirty memory, faults",
          new Golden(0xbc88241308e54e77L, 3168, 1134321593)),
      Map.entry("design xen-4.8", new Golden(0xb4aacc19c34610dbL, 3485, -194459728)),
      Map.entry("design paper", new Golden(0xd5b8d31193b402e6L, 3484, -381257070)),
      Map.entry("design sharded-xs", new Golden(0x706e606d469b7c52L, 3887, 2112581727)),
      Map.entry("design sharded-xs-dom0", new Golden(0x8963aecedc05ca42L, 4172, 649332001)),
      Map.entry("design xen-4.10", new Golden(0xabeeb4b531eed673L, 4554, -1420731681)),
      Map.entry("design xen-4.14", new Golden(0x8e1caea9ba78031dL, 4500, -20512757)),
      Map.entry("design xen-4.14-balloon", new Golden(0xf64ead1f1f0a77c4L, 4698, 411714160)),
      Map.entry("design noxs", new Golden(0x424c064fa8603d4aL, 2052, -973671775)),
      Map.entry("design xapi", new Golden(0x098250d256d902d7L, 4862, -1486467055)),
      Map.entry("design lightvm", new Golden(0x79c76f0ad9361eebL, 2664, -241943481)),
      Map.entry("xenopsd waits for scrubbed memory", new Golden(0xbb298689fe04ac24L, 3379, 764043942)));

  private static Map<String, Supplier<ScenarioRun>> runs() {
    Map<String, Supplier<ScenarioRun>> runs = new LinkedHashMap<>();
    runs.put("xl stock", () -> storm("host=quad-node", "workload.guests=16", "guest.memory-mib=512",
        "toolstack.workers=8"));
    runs.put("xl all fixes", () -> storm("host=quad-node", "workload.guests=16", "guest.memory-mib=512",
        "toolstack.mode=parallel", "xenstore.cache=on", "scrub.placement=local", "toolstack.workers=8"));
    runs.put("xl idle scrub, allocation takes dirty memory, faults", () -> idleScrubWithDirty("toolstack.kind=xl",
        FaultSpec.parse("toolstack-crash@7s,worker=0,restart=100ms")));
    runs.put("xl-4.14 autoballoon, killed", () -> run(Scenarios.of("host=quad-node", "workload.guests=12",
        "guest.memory-mib=512", "toolstack.mode=xl-4.14", "toolstack.autoballoon=on", "toolstack.workers=6")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@2500ms,worker=1,restart=300ms")))));
    runs.put("xl noxs, killed", () -> run(Scenarios.of("host=quad-node", "workload.guests=16",
        "guest.memory-mib=512", "toolstack.noxs=on", "toolstack.mode=parallel", "toolstack.workers=8")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@250ms,worker=2,restart=300ms")))));
    runs.put("xl shell pool, killed", () -> run(Scenarios.of("host=quad-node", "workload.guests=12",
        "guest.memory-mib=512", "toolstack.mode=parallel", "xenstore.cache=on", "toolstack.workers=8",
        "toolstack.shell-pool=6", "toolstack.shell-refill=low-water", "toolstack.shell-low-water=3")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@150ms,worker=1,restart=300ms")))));
    runs.put("xl 4 shards, backends in dom0, restart and kill", () -> run(Scenarios.of("host=quad-node",
        "workload.guests=16", "guest.memory-mib=512", "toolstack.mode=parallel", "xenstore.shards=4",
        "xenstore.backends=in-dom0", "xenstore.conflict=store", "toolstack.workers=8").withFaults(List.of(
            FaultSpec.parse("xenstored-restart@400ms,shard=0,downtime=100ms"),
            FaultSpec.parse("toolstack-crash@250ms,worker=2,restart=300ms")))));
    runs.put("xl remote scrub, killed while scrubbing", () -> run(Scenarios.of("workload.guests=4",
        "guest.memory-mib=4096", "toolstack.mode=parallel", "toolstack.workers=4", "scrub.placement=remote")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@3400ms,worker=1,restart=200ms"),
            FaultSpec.parse("toolstack-crash@3500ms,worker=2,restart=200ms")))));
    runs.put("xl faults", () -> run(Scenarios.of("host=quad-node", "workload.guests=16", "guest.memory-mib=512",
        "toolstack.mode=parallel", "xenstore.shards=2", "toolstack.workers=8").withFaults(faults())));
    runs.put("xl out of memory", () -> outOfMemory("toolstack.mode=parallel"));
    runs.put("xl hvm, killed", () -> run(Scenarios.of("host=quad-node", "workload.guests=16", "guest.memory-mib=512",
        "guest.type=hvm", "toolstack.mode=parallel", "toolstack.workers=8", "workload.destroy=on-running")
        .withFaults(List.of(FaultSpec.parse("toolstack-crash@300ms,worker=3,restart=200ms")))));
    runs.put("xenopsd hvm", () -> storm("host=quad-node", "workload.guests=12", "guest.memory-mib=512",
        "guest.type=hvm", "toolstack.kind=xenopsd", "toolstack.workers=4"));
    runs.put("xl pygrub", () -> storm("host=quad-node", "workload.guests=12", "guest.memory-mib=512",
        "guest.bootloader=pygrub", "toolstack.workers=6"));
    for (String scrub : List.of("idle", "local", "remote")) {
      runs.put("xenopsd scrub " + scrub, () -> storm("host=quad-node", "workload.guests=16", "guest.memory-mib=512",
          "toolstack.kind=xenopsd", "toolstack.workers=4", "scrub.placement=" + scrub,
          "toolstack.numa-placement=best-effort", "workload.destroy=on-running"));
    }
    runs.put("xenopsd any placement, store conflicts", () -> storm("host=quad-node", "workload.guests=16",
        "guest.memory-mib=512", "toolstack.kind=xenopsd", "toolstack.workers=8", "xenstore.conflict=store",
        "xenstore.shards=2"));
    runs.put("xenopsd faults", () -> run(Scenarios.of("host=quad-node", "workload.guests=16",
        "guest.memory-mib=512", "toolstack.kind=xenopsd", "toolstack.workers=4", "xenstore.shards=2",
        "toolstack.numa-placement=best-effort").withFaults(faults())));
    runs.put("xenopsd idle scrub, allocation takes dirty memory, faults", () -> idleScrubWithDirty(
        "toolstack.kind=xenopsd", FaultSpec.parse("memory-pressure@6200ms,node=0,mib=1024,duration=500ms")));
    runs.put("xenopsd waits for scrubbed memory", () -> outOfMemory("toolstack.kind=xenopsd"));
    return runs;
  }

  @Test(timeout = 300_000)
  public void everyPinnedRunKeepsItsEventsTimesAndResults() {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Supplier<ScenarioRun>> e : runs().entrySet()) {
      differences.addAll(differences(e.getKey(), e.getValue().get()));
    }
    assertEquals(String.join(",\n", differences), List.of(), differences);
  }

  @Test(timeout = 600_000)
  public void everyControlPlaneDesignKeepsItsPinOnEveryExecutor() {
    List<Executor> executors = ExecutorsUnderTest.all(ONE_THREAD.system(), EIGHT_THREADS.system());
    List<String> differences = new ArrayList<>();
    for (ControlPlane design : ControlPlane.load(Scenarios.CONF.resolve(ControlPlane.FILE))) {
      for (int i = 0; i < executors.size(); i++) {
        List<String> overrides = new ArrayList<>(List.of("host=quad-node", "workload.guests=12",
            "guest.memory-mib=512"));
        overrides.addAll(design.settings());
        ScenarioRun run = ScenarioRun.run(Scenarios.of(overrides.toArray(String[]::new)), executors.get(i));
        for (String d : differences("design " + design.name(), run)) {
          differences.add(ExecutorsUnderTest.describe(executors.get(i), i) + ": " + d);
        }
      }
    }
    assertEquals(String.join(",\n", differences), List.of(), differences);
  }

  /** The recorded pin's difference from {@code run}, as the {@code Map.entry} line to record, or none. */
  private static List<String> differences(String name, ScenarioRun run) {
    assertEquals(name, List.of(), run.violations());
    Golden actual = new Golden(run.result().sequenceHash(), run.result().events(), digest(run));
    if (actual.equals(GOLDEN.get(name))) {
      return List.of();
    }
    return List.of(String.format("Map.entry(\"%s\", new Golden(0x%016xL, %d, %d))", name, actual.sequenceHash(),
        actual.events(), actual.results()));
  }

  private static ScenarioRun storm(String... overrides) {
    return run(Scenarios.of(overrides));
  }

  private static ScenarioRun run(Scenario scenario) {
    return ScenarioRun.run(scenario, new SequentialExecutor());
  }

  private static List<FaultSpec> faults() {
    return List.of(FaultSpec.parse("xenstored-restart@20ms,shard=1,downtime=300ms"),
        FaultSpec.parse("memory-pressure@0s,node=2,mib=30000,duration=2s"),
        FaultSpec.parse("pcpu-offline@100ms,pcpu=1,duration=700ms"),
        FaultSpec.parse("pcpu-offline@1200ms,pcpu=12,duration=400ms"));
  }

  /**
   * Six 4 GiB guests fill 2 x 12 GiB; two are destroyed and a seventh created at once, so its allocation takes dirty
   * pages and scrubs them; pCPU outages and {@code fault} during that scrub (as in ModelDeterminismTest).
   */
  private static ScenarioRun idleScrubWithDirty(String toolstack, FaultSpec fault) {
    Scenario s = Scenarios.of("hosts.paper-2socket.memory-per-node-mib=12288", "guest.memory-mib=4096",
        "workload.guests=7", "toolstack.workers=1", "scrub.placement=idle", toolstack).withFaults(List.of(
            FaultSpec.parse("pcpu-offline@6s,pcpu=12,duration=300ms"),
            FaultSpec.parse("pcpu-offline@6100ms,pcpu=13,duration=300ms"), fault));
    XenModel.DriverFactory script = (layout, sc) -> new PacedDriver(layout, sc, List.of(PacedDriver.create(0),
        PacedDriver.create(1), PacedDriver.create(2), PacedDriver.create(3), PacedDriver.create(4),
        PacedDriver.create(5), PacedDriver.destroy(0), PacedDriver.destroy(1), PacedDriver.create(6)));
    return ScenarioRun.run(s, new SequentialExecutor(), DeliveryListener.NONE, script);
  }

  /**
   * A 10 GiB guest on 2 x 8 GiB is destroyed (remote scrub) and another asked for while it scrubs: xl fails out of
   * memory part-way through the nodes, xenopsd waits for the scrub (as in XenopsdTest).
   */
  private static ScenarioRun outOfMemory(String toolstack) {
    Scenario s = Scenarios.of("hosts.paper-2socket.memory-per-node-mib=8192", "guest.memory-mib=10240",
        "workload.guests=2", "scrub.placement=remote", "toolstack.workers=2", toolstack);
    List<TimedDriver.Step> script = List.of(TimedDriver.create(0, 0), TimedDriver.destroy(0, 5_000_000_000L),
        TimedDriver.create(1, 5_400_000_000L), TimedDriver.destroy(1, 20_000_000_000L));
    return ScenarioRun.run(s, new SequentialExecutor(), DeliveryListener.NONE,
        (layout, sc) -> new TimedDriver(layout, sc, script));
  }

  /** A JVM-independent hash of what the run reports: summary, lifecycle table, every worker's report. */
  private static int digest(ScenarioRun run) {
    List<Object> all = new ArrayList<>();
    all.add(run.summary().toString());
    all.add(Lifecycle.rows(run.model()).toString());
    FinalState state = run.model().finalState();
    for (int w = 0; w < state.layout().workers(); w++) {
      Worker.Report r = state.worker(w);
      all.add(List.of(r.index(), r.idle(), r.holdsLocks(), r.crashesIdle(), r.crashesBusy(), r.cleanedUp(),
          r.crossShardCommits(), r.crossShardAborts()).toString());
      for (OperationResult o : r.history()) {
        all.add(List.of(o.operation().kind(), o.operation().guest(), o.operation().name(), o.worker(), o.domid(),
            o.startedAt(), o.finishedAt(), o.ok(), o.failure(), o.retries(), Arrays.toString(o.phaseStart()),
            Arrays.toString(o.phaseEnd())).toString());
      }
    }
    return all.toString().hashCode();
  }
}
