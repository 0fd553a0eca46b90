package io.vstack.model.host;

import io.vstack.model.FinalReport;
import io.vstack.model.Layout;
import io.vstack.model.config.Scenario;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.toolstack.DeviceBackend;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.Map;

/**
 * A run's final state assembled from component reports, by process id (as a clustered run's members send them;
 * the driver has none).
 */
public record ReportedState(Scenario scenario, Layout layout, Map<Integer, FinalReport> reports)
    implements FinalState {

  private <T> T at(int id, Class<T> type) {
    FinalReport r = reports.get(id);
    if (!type.isInstance(r)) {
      throw new IllegalStateException("process " + id + " reported " + (r == null ? "nothing" : r) + ", expected a "
          + type.getSimpleName());
    }
    return type.cast(r);
  }

  @Override
  public Hypervisor.Report hypervisor() {
    return at(layout.hypervisor().id(), Hypervisor.Report.class);
  }

  @Override
  public Lock.Report xlLock() {
    return at(layout.xlLock().id(), Lock.Report.class);
  }

  @Override
  public Lock.Report domctlLock() {
    return at(layout.domctlLock().id(), Lock.Report.class);
  }

  @Override
  public Lock.Report heapLock() {
    return at(layout.heapLock().id(), Lock.Report.class);
  }

  @Override
  public XenstoreCache.Report cache() {
    return at(layout.cache().id(), XenstoreCache.Report.class);
  }

  @Override
  public DeviceBackend.Report backend() {
    return at(layout.backend().id(), DeviceBackend.Report.class);
  }

  @Override
  public NumaNode.Report node(int node) {
    return at(layout.node(node).id(), NumaNode.Report.class);
  }

  @Override
  public Pcpu.Report pcpu(int pcpu) {
    return at(layout.pcpu(pcpu).id(), Pcpu.Report.class);
  }

  @Override
  public XenstoreShard.Report shard(int shard) {
    return at(layout.shard(shard).id(), XenstoreShard.Report.class);
  }

  @Override
  public Worker.Report worker(int worker) {
    return at(layout.worker(worker).id(), Worker.Report.class);
  }

  @Override
  public Domain.Report domain(int guest) {
    return at(layout.domain(guest).id(), Domain.Report.class);
  }
}
