package io.vstack.model.pcpu;

/** What a pCPU spends its time on; utilization is reported per kind. */
public enum WorkKind { toolstack, hypervisor, hotplug, guest, scrub }
