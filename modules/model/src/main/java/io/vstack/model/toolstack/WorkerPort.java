package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.pcpu.WorkKind;

/**
 * What a worker's collaborators ask of it while they run one of its conversations: a message sent with the model's
 * latency (and a fresh tag for a request), CPU work on the worker's dom0 vCPU (streaming through a node's memory, or
 * not), a lock taken or released; the worker resumes in the step named.
 */
public interface WorkerPort extends ShardedTransaction.Requests {

  void cpu(WorkKind kind, long duration, SharedStep next);

  /**
   * Work on the worker's dom0 vCPU streaming through {@code pages} of {@code node}'s memory, plus {@code cpuTime} of
   * CPU-bound work: the node sets its duration (see {@link io.vstack.model.numa.NumaNode.Stream}).
   */
  void stream(LpRef<XenMsg> node, WorkKind kind, long pages, long cpuTime, SharedStep next);

  void acquire(LpRef<XenMsg> lock, SharedStep next);

  void release(LpRef<XenMsg> lock);

  /** Waits in {@code next} for a reply. */
  void await(SharedStep next);
}
