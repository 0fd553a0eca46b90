package io.vstack.model.pcpu;

/**
 * What a pCPU spends its time on; utilization is reported per kind. {@code hypervisor} is a short domctl
 * (create, unpause, destroy, a heap_lock hold), which runs on the pCPU's hypercall lane; {@code memory} is
 * populate_physmap, long and preemptible, queued with the rest of the issuing process's work. {@code device_model}
 * is an HVM guest's qemu starting or stopping; {@code dom0_background} what running guests keep costing dom0
 * (their qemu, console and backends); {@code xenstored} xenstored's own service time, on the dom0 vCPU it runs on.
 */
public enum WorkKind { toolstack, hypervisor, memory, hotplug, guest, scrub, device_model, dom0_background, xenstored }
