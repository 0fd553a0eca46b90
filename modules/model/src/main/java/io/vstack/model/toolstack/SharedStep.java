package io.vstack.model.toolstack;

/**
 * The steps both workers wait in while running the protocols they share (see {@link OperationWorker}): creating the
 * domain under domctl_lock, writing and introducing its Xenstore entries, allocating and populating its memory,
 * building it, setting up and tearing down its devices, unpausing it, killing it, scrubbing its memory and removing its
 * entries; an HVM guest's device model spawned and stopped, a PV guest's bootloader run. Each worker waits in steps of
 * its own for the rest. Each transaction's start, apply and commit steps are consecutive.
 */
public enum SharedStep {
  idle, domctl_lock, domctl_cpu, domctl_table, tx_start, tx_apply, tx_commit, introduce, heap_lock, allocate,
  heap_cpu, allocation_scrub, populate_cpu, build, device_watch, device_tx_start, device_tx_apply, device_tx_commit,
  device_wait, teardown_watch, teardown_write, teardown_wait, unpause_lock, unpause_cpu, kill_lock, kill_cpu,
  kill_table, scrub_lock, scrub_cpu, scrub_redo, scrub_local, cleanup_tx_start, cleanup_tx_apply, cleanup_tx_commit,
  bootloader, dm_spawn, dm_running, dm_stop, dm_removed
}
