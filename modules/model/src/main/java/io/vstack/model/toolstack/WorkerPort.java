package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.pcpu.WorkKind;

/**
 * What a worker's collaborators ask of it while they run one of its conversations: a message sent with the model's
 * latency (and a fresh tag for a request), CPU work on the worker's dom0 vCPU (streaming through a node's memory, or
 * not), a lock taken or released, a sleep; the worker resumes in the step named: a {@link SharedStep}, or one of the
 * worker's own for a collaborator only one worker has.
 */
public interface WorkerPort extends ShardedTransaction.Requests {

  void cpu(WorkKind kind, long duration, Enum<?> next);

  /**
   * Work on the worker's dom0 vCPU streaming through {@code pages} of {@code node}'s memory, plus {@code cpuTime} of
   * CPU-bound work: the node sets its duration (see {@link io.vstack.model.numa.NumaNode.Stream}).
   */
  void stream(LpRef<XenMsg> node, WorkKind kind, long pages, long cpuTime, Enum<?> next);

  void acquire(LpRef<XenMsg> lock, Enum<?> next);

  void release(LpRef<XenMsg> lock);

  /** Waits in {@code next} for a reply. */
  void await(Enum<?> next);

  /** Waits in {@code next} for {@code delay}. */
  void sleep(long delay, Enum<?> next);

  /** The current simulated time. */
  long now();
}
