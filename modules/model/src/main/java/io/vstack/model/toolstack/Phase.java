package io.vstack.model.toolstack;

/** Phases of xl create and xl destroy, in the order libxl runs them. */
public enum Phase {
  parse, xl_lock, name_check, domctl_create, xenstore_setup, populate, build, devices, unpause,
  device_teardown, domain_kill, scrub, xenstore_cleanup
}
