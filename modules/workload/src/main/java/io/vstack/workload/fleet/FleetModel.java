package io.vstack.workload.fleet;

import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import io.vstack.model.host.XenModel;

/**
 * The fleet as one model: process 0 is the cloud controller, then the image stores, then one process per host
 * (each the whole Xen host model, nested), laid out by {@link HostProcesses} so that a contiguous block of
 * processes, as executors partition them, is a group of hosts spread over the fleet. Every message between them
 * crosses the control network, half of whose latency is the lookahead ({@link FleetSpec#lookahead}): windows are
 * that long however fast things happen inside a host. It keeps the processes it made (or that a checkpoint restored)
 * so the run's outcome can be read afterwards.
 */
public final class FleetModel implements Model {
  private final FleetScenario scenario;
  private final LogicalProcess<?>[] made;
  private final HostProcesses hostProcesses;

  public FleetModel(FleetScenario scenario) {
    this.scenario = scenario;
    this.made = new LogicalProcess<?>[processCount()];
    this.hostProcesses = HostProcesses.of(hostBase(), scenario.fleet().hosts());
  }

  private int stores() {
    return scenario.fleet().images().stores();
  }

  /** Process id of the first host's position. */
  private int hostBase() {
    return 1 + stores();
  }

  @Override
  public int processCount() {
    return hostBase() + scenario.fleet().hosts();
  }

  @Override
  public long lookahead() {
    return scenario.fleet().lookahead();
  }

  @Override
  public LogicalProcess<?> newProcess(int id) {
    FleetSpec spec = scenario.fleet();
    LogicalProcess<?> p;
    if (id == 0) {
      var host = scenario.host().host();
      p = new CloudController(spec, scenario.vms(), hostProcesses, host.memoryMib() * host.nodes(),
          host.pcpus() - host.dom0Vcpus());
    } else if (id < hostBase()) {
      p = new ImageStore(hostProcesses, spec.images().bytesPerSecond(), spec.lookahead());
    } else {
      int h = hostProcesses.host(id);
      p = new FleetHost(h, scenario.hostScenario(h), spec, LpRef.of(0), LpRef.of(1 + h % stores()));
    }
    made[id] = p;
    return p;
  }

  @Override
  public void restored(int id, LogicalProcess<?> process) {
    made[id] = process;
  }

  public FleetScenario scenario() {
    return scenario;
  }

  /** Process {@code id} as it is now, or null if it was never made here. */
  public LogicalProcess<?> process(int id) {
    return made[id];
  }

  public CloudController controller() {
    return (CloudController) made[0];
  }

  public ImageStore store(int s) {
    return (ImageStore) made[1 + s];
  }

  public FleetHost host(int h) {
    return (FleetHost) made[hostProcesses.process(h)];
  }

  /** Host {@code h}'s Xen model as it ended, to read and check like a single host's. */
  public XenModel hostModel(int h) {
    XenModel model = new XenModel(scenario.hostScenario(h), FleetHostDriver::new);
    var nest = host(h).nest();
    for (int id = 0; id < nest.processCount(); id++) {
      model.restored(id, nest.process(id));
    }
    return model;
  }
}
