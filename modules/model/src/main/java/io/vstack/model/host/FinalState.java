package io.vstack.model.host;

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

/**
 * Every component's final figures after a run, by kind and index: what summaries, lifecycle tables and invariant
 * checks read. A run in one JVM answers from its live components; a clustered run from reports its members sent.
 */
public interface FinalState {

  Scenario scenario();

  Layout layout();

  Hypervisor.Report hypervisor();

  Lock.Report xlLock();

  Lock.Report domctlLock();

  Lock.Report heapLock();

  XenstoreCache.Report cache();

  DeviceBackend.Report backend();

  NumaNode.Report node(int node);

  Pcpu.Report pcpu(int pcpu);

  XenstoreShard.Report shard(int shard);

  Worker.Report worker(int worker);

  Domain.Report domain(int guest);
}
