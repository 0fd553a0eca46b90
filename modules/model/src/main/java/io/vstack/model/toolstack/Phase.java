package io.vstack.model.toolstack;

/**
 * Phases of xl create and xl destroy, in the order libxl runs them; {@code balloon} (xl's freemem() while
 * auto-ballooning, right after xl_lock) and {@code memory_wait} (xenopsd's VM.build waiting in wait_xen_free_mem,
 * right before populate) come last only to keep the other phases' positions.
 */
public enum Phase {
  parse, xl_lock, name_check, domctl_create, xenstore_setup, populate, build, devices, unpause,
  device_teardown, domain_kill, scrub, xenstore_cleanup, balloon, memory_wait
}
