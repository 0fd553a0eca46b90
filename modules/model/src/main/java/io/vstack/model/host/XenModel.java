package io.vstack.model.host;

import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.toolstack.DeviceBackend;
import io.vstack.model.toolstack.ToolstackWorker;
import io.vstack.model.xenopsd.XenopsWorker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreCosts;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The assembly step: builds every component of a scenario's host as a logical process and wires them by
 * {@link Layout}. Components do not know each other's ids; they get refs from here. It keeps the processes it made
 * so the run's final state can be read once the executor is done.
 */
public final class XenModel implements Model {

  /** Makes the workload driver, the process that submits create and destroy requests. */
  @FunctionalInterface
  public interface DriverFactory {
    LogicalProcess<XenMsg> create(Layout layout, Scenario scenario);
  }

  private final Scenario scenario;
  private final Layout layout;
  private final DriverFactory driverFactory;
  private final LogicalProcess<?>[] made;

  public XenModel(Scenario scenario, DriverFactory driverFactory) {
    this.scenario = scenario;
    this.layout = Layout.of(scenario);
    this.driverFactory = driverFactory;
    this.made = new LogicalProcess<?>[layout.lpCount()];
  }

  @Override
  public int processCount() {
    return layout.lpCount();
  }

  @Override
  public long lookahead() {
    return scenario.cost().messageLatency();
  }

  @Override
  public LogicalProcess<?> newProcess(int id) {
    LogicalProcess<XenMsg> p = build(id);
    made[id] = p;
    return p;
  }

  @Override
  public void restored(int id, LogicalProcess<?> process) {
    made[id] = process;
  }

  @SuppressWarnings("unchecked")
  private LogicalProcess<XenMsg> build(int id) {
    long latency = scenario.cost().messageLatency();
    int i = layout.indexOf(id);
    return switch (layout.kindOf(id)) {
      case hypervisor -> new Hypervisor(scenario.cost().maxDomains(), latency,
          scenario.cost().pagesFor(scenario.host().memoryMib()) * scenario.host().nodes());
      case xl_lock -> new Lock("xl global lock", latency);
      case domctl_lock -> new Lock("domctl_lock", latency);
      case heap_lock -> new Lock("heap_lock", latency);
      case cache -> new XenstoreCache(shards(), scenario.cost().cacheLookup(), latency, LpRef.of(id));
      case backend -> new DeviceBackend(layout, scenario.cost(), scenario.host().dom0Vcpus(), LpRef.of(id),
          scenario.switches().noxs(), scenario.switches().backends());
      case driver -> driverFactory.create(layout, scenario);
      case node -> {
        int per = scenario.host().pcpusPerNode();
        LpRef<XenMsg>[] cpus = new LpRef[per];
        for (int k = 0; k < per; k++) {
          cpus[k] = layout.pcpu(i * per + k);
        }
        yield new NumaNode(i, scenario.host(), scenario.cost(), LpRef.of(id), cpus,
            faults(FaultSpec.Type.memory_pressure, i)
                .map(f -> new long[] {f.at(), scenario.cost().pagesFor(f.mib()), f.duration()}).toList());
      }
      case pcpu -> new Pcpu(i, scenario.host().nodeOfPcpu(i), latency,
          timesAndDurations(FaultSpec.Type.pcpu_offline, i),
          scenario.switches().scrub() == Switches.ScrubPlacement.idle ? layout.node(scenario.host().nodeOfPcpu(i))
              : null);
      case shard -> new XenstoreShard(i, new XenstoreCosts(scenario.cost(), scenario.switches().conflict()),
          scenario.switches().conflict(), latency, timesAndDurations(FaultSpec.Type.xenstored_restart, i),
          layout.pcpu(i % scenario.host().dom0Vcpus()), scenario.cost().dom0().xenstoredPeriod());
      case worker -> scenario.switches().xenopsd() ? new XenopsWorker(i, layout, scenario, LpRef.of(id))
          : new ToolstackWorker(i, layout, scenario, LpRef.of(id),
              timesAndDurations(FaultSpec.Type.toolstack_crash, i));
      case domain -> new Domain(i, scenario.cost().kernelBoot(), latency, LpRef.of(id),
          faults(FaultSpec.Type.guest_crash, i).mapToLong(FaultSpec::at).min().orElse(-1),
          layout.pcpu(i % scenario.host().dom0Vcpus()), scenario.cost().dom0().perSecond(scenario.guest()));
    };
  }

  /** The scenario's faults of {@code type} aimed at component {@code target}. */
  private Stream<FaultSpec> faults(FaultSpec.Type type, int target) {
    return scenario.faults().stream().filter(f -> f.type() == type && f.target() == target);
  }

  /** Those faults as {@code (time, duration)} pairs. */
  private List<long[]> timesAndDurations(FaultSpec.Type type, int target) {
    return faults(type, target).map(f -> new long[] {f.at(), f.duration()}).toList();
  }

  private List<LpRef<XenMsg>> shards() {
    List<LpRef<XenMsg>> out = new ArrayList<>();
    for (int s = 0; s < layout.shards(); s++) {
      out.add(layout.shard(s));
    }
    return out;
  }

  public Scenario scenario() {
    return scenario;
  }

  public Layout layout() {
    return layout;
  }

  /** The final report of process {@code id} (every component has one; the driver has none: null). */
  public FinalReport report(int id) {
    return made[id] instanceof Component c ? c.report() : null;
  }

  /** Every component's final report by process id, after a run. */
  public Map<Integer, FinalReport> reports() {
    Map<Integer, FinalReport> reports = new TreeMap<>();
    for (int id = 0; id < made.length; id++) {
      FinalReport r = report(id);
      if (r != null) {
        reports.put(id, r);
      }
    }
    return reports;
  }

  /** This run's final state, read from its components (all of them must have been built here). */
  public FinalState finalState() {
    return new ReportedState(scenario, layout, reports());
  }

  /** The component with id {@code ref}, after a run. */
  @SuppressWarnings("unchecked")
  public <T> T component(LpRef<XenMsg> ref, Class<T> type) {
    Object p = made[ref.id()];
    if (!type.isInstance(p)) {
      throw new IllegalStateException("process " + ref.id() + " is " + (p == null ? "not built" : p.getClass())
          + ", not " + type.getSimpleName());
    }
    return (T) p;
  }
}
