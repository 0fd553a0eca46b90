package io.vstack.trace;

import io.vstack.engine.hosted.HostedModel;
import io.vstack.engine.hosted.ModelFactory;
import io.vstack.engine.hosted.ModelSpec;
import io.vstack.engine.hosted.PartialTraces;
import io.vstack.engine.hosted.TraceRecording;
import io.vstack.model.FinalReport;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.ReportedState;
import io.vstack.model.host.XenModel;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.IdleScrub;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.toolstack.DeviceBackend;
import io.vstack.model.toolstack.ToolstackWorker;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.workload.WorkloadDriver;
import io.vstack.workload.autoscale.AutoscaleDriver;
import io.vstack.workload.fleet.FleetHostDriver;
import io.vstack.workload.vmtrace.TraceDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Xen host, hosted by name ({@value #NAME}): built from the resolved {@link Scenario} with the workload's
 * driver, its processes' {@link FinalReport}s as their reports, its traces recorded per member and merged by the
 * client with {@link TraceMerge}. The client side turns what the members sent into a {@link FinalState}.
 */
public final class XenHostFactory extends ModelFactory<Scenario> {
  public static final String NAME = "xen-host";

  public XenHostFactory() {
    super(NAME, Scenario.class);
  }

  @Override
  public HostedModel build(Scenario scenario) {
    XenModel model = new XenModel(scenario, WorkloadDriver::new);
    return new HostedModel(model, model::report, filter -> new Recording(new TraceRecorder(Layout.of(scenario),
        TraceFilter.parse(filter))));
  }

  /** A member's recorder, written as a partial trace. */
  private record Recording(TraceRecorder recorder) implements TraceRecording {
    @Override
    public void onDeliver(long time, long sent, int sender, int receiver, Object message) {
      recorder.onDeliver(time, sent, sender, receiver, message);
    }

    @Override
    public void writePartial(Path file) {
      TraceWriter.writePartial(recorder, file);
    }
  }

  @Override
  public List<Class<?>> wireOwners() {
    return List.of(Domain.class, Hypervisor.class, Lock.class, NumaNode.class, IdleScrub.class, Pcpu.class,
        DeviceBackend.class, ToolstackWorker.class, Worker.class, XenstoreCache.class, XenstoreShard.class,
        AutoscaleDriver.class, TraceDriver.class, FleetHostDriver.class);
  }

  @Override
  public List<Class<?>> wireValues() {
    return List.of(XenMsg.class, FinalReport.class);
  }

  /** The hosted model of {@code scenario}. */
  public static ModelSpec spec(Scenario scenario) {
    return new ModelSpec(NAME, scenario);
  }

  /** The final state of {@code scenario}'s run from the reports its members sent, by process id. */
  public static FinalState state(Scenario scenario, Map<Integer, Object> reports) {
    Map<Integer, FinalReport> typed = new TreeMap<>();
    reports.forEach((id, report) -> typed.put(id, (FinalReport) report));
    return new ReportedState(scenario, Layout.of(scenario), typed);
  }

  /** Merges the members' partial traces of {@code scenario}'s run, filtered by {@code filter}, into {@code file}. */
  public static PartialTraces merger(Scenario scenario, String filter, Path file, Map<String, Object> header) {
    return partials -> TraceMerge.merge(partials, Layout.of(scenario), TraceFilter.parse(filter), file, header);
  }
}
