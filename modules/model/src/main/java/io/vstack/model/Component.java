package io.vstack.model;

import io.vstack.engine.LogicalProcess;

/**
 * A component of the simulated host (pCPU, NUMA node, lock, Xenstore shard, toolstack worker, domain...): a logical
 * process that reports its own final figures after a run, so assembling a run's final state needs no list of
 * component types.
 */
public interface Component extends LogicalProcess<XenMsg> {

  /** This component's final figures: immutable, and fit to cross the wire from a cluster member to the client. */
  FinalReport report();
}
