package io.vstack.model.pcpu;

/**
 * What a pCPU spends its time on; utilization is reported per kind. {@code hypervisor} is a short domctl
 * (create, unpause, destroy, a heap_lock hold), which runs on the pCPU's hypercall lane; {@code memory} is
 * populate_physmap, long and preemptible, queued with the rest of the issuing process's work.
 */
public enum WorkKind { toolstack, hypervisor, memory, hotplug, guest, scrub }
