package io.vstack.model.config;

import java.io.Serializable;
/**
 * Every duration and rate the model charges, read from {@code conf/cost-model.conf}, where each value states its
 * source or that it is an assumption. Durations are in nanoseconds of virtual time.
 *
 * @param messageLatency        latency of every message between two components; the engine's lookahead
 * @param parseConfig           xl: parse the guest config and set up the create (dom0 CPU)
 * @param nameLookupsPerCreate  libxl_name_to_domid calls per creation, each listing every domain's name
 * @param cacheLookup           a lookup in the toolstack-side Xenstore cache (dom0 CPU)
 * @param buildBase             libxl build: kernel load and start info (dom0 CPU)
 * @param buildPerGib           libxl build: page tables per GiB of guest memory (dom0 CPU)
 * @param destroyBase           xl destroy: bookkeeping before teardown (dom0 CPU)
 * @param createDomain          XEN_DOMCTL_createdomain (hypervisor, under domctl_lock)
 * @param destroyDomain         XEN_DOMCTL_destroydomain without the memory release (under domctl_lock)
 * @param unpause               XEN_DOMCTL_unpausedomain (under domctl_lock)
 * @param populatePerGib        populate_physmap per GiB (hypervisor CPU of the calling dom0 vCPU)
 * @param heapLockPerGib        time under heap_lock per GiB allocated
 * @param releasePerGib         relinquish_memory's walk over a dying domain's pages per GiB (destroying CPU)
 * @param maxDomains            domids available to guests
 * @param xsOp                  xenstored time per request
 * @param xsPerEntry            xenstored time per child listed by a directory request
 * @param xsTxCopyPerNode       transaction start: copy of the store, per node (C xenstored before 4.9)
 * @param xsCommitPerNode       transaction commit, per node the transaction touched
 * @param xsMaxRetries          EAGAIN retries before a creation gives up
 * @param vifHotplug            vif hotplug script in dom0 (dom0 CPU)
 * @param vbdHotplug            vbd hotplug script in dom0 (dom0 CPU)
 * @param kernelBoot            guest kernel boot to user space (guest vCPU 0)
 * @param scrubGibPerSecond     memory one pCPU zeroes per second at most (the per-core ceiling of a memory stream)
 * @param scrubBatchMib         memory released or scrubbed per step (one preemption check / one scrub request)
 * @param idleChunkMib          memory an idle pCPU takes from its node per request when scrubbing from the idle loop
 * @param pageKib               page size used for page accounting
 * @param balloonPerGib         dom0's balloon driver handing one GiB back to Xen, besides zeroing it (dom0 CPU)
 * @param balloonPoll           how often libxl_wait_for_memory_target checks whether dom0 reached its target
 * @param noxsLookup            noxs: finding a domain by its handle with one hypercall instead of Xenstore reads
 * @param noxsDeviceSetup       noxs: the backend allocating, granting and filling a device's shared page
 * @param noxsDevctl            noxs: the devctl hypercall adding or removing a device in the guest's device page
 * @param xapiPerOperation      xenopsd: XAPI's own work for one VM operation before xenopsd runs it (dom0 CPU)
 * @param xenopsdLookup         xenopsd: finding the domain of a VM by its uuid (domain_getinfolist, dom0 CPU)
 * @param physinfo              xenopsd: one physinfo/numainfo sysctl reading free and unscrubbed memory (dom0 CPU)
 * @param freeMemPoll           xenopsd: how long wait_xen_free_mem sleeps between two looks at free memory
 * @param freeMemMaxWait        xenopsd: how long wait_xen_free_mem waits at most before VM.build fails
 * @param dom0                  device models, bootloaders, and what running guests cost dom0 and xenstored
 */
public record CostModel(long messageLatency, long parseConfig, int nameLookupsPerCreate, long cacheLookup,
    long buildBase, long buildPerGib, long destroyBase, long createDomain, long destroyDomain, long unpause,
    long populatePerGib, long heapLockPerGib, long releasePerGib, int maxDomains, long xsOp, long xsPerEntry, long xsTxCopyPerNode,
    long xsCommitPerNode, int xsMaxRetries, long vifHotplug, long vbdHotplug, long kernelBoot,
    double scrubGibPerSecond, long scrubBatchMib, long idleChunkMib, long pageKib,
    long balloonPerGib, long balloonPoll, long noxsLookup, long noxsDeviceSetup, long noxsDevctl,
    long xapiPerOperation, long xenopsdLookup, long physinfo, long freeMemPoll, long freeMemMaxWait,
    Dom0Costs dom0) implements Serializable {

  static CostModel read(ConfigReader cost) {
    cost.onlyKeys("message-latency", "toolstack", "hypervisor", "xenstore", "devices", "guest", "scrub", "memory",
        "balloon", "noxs", "xenopsd", "device-model", "bootloader", "dom0");
    ConfigReader ts = cost.section("toolstack", "parse-config", "name-lookups-per-create", "cache-lookup",
        "build-base", "build-per-gib", "destroy-base");
    ConfigReader hv = cost.section("hypervisor", "createdomain", "destroydomain", "unpause", "populate-per-gib",
        "heap-lock-per-gib", "release-per-gib", "max-domains");
    ConfigReader xs = cost.section("xenstore", "op", "per-entry", "tx-copy-per-node", "commit-per-node",
        "max-retries", "watch-check", "watch-event");
    ConfigReader dev = cost.section("devices", "vif-hotplug", "vbd-hotplug");
    ConfigReader guest = cost.section("guest", "kernel-boot");
    ConfigReader scrub = cost.section("scrub", "gib-per-second", "batch-mib", "idle-chunk-mib");
    ConfigReader memory = cost.section("memory", "page-kib");
    ConfigReader balloon = cost.section("balloon", "per-gib", "poll");
    ConfigReader noxs = cost.section("noxs", "domain-lookup", "device-setup", "devctl");
    ConfigReader xenopsd = cost.section("xenopsd", "xapi-per-operation", "domain-lookup", "physinfo",
        "free-mem-poll", "free-mem-max-wait");
    long freeMemPoll = xenopsd.nanos("free-mem-poll");
    if (freeMemPoll <= 0) {
      throw xenopsd.error("free-mem-poll", "must be > 0: wait_xen_free_mem looks at free memory at this interval");
    }
    long poll = balloon.nanos("poll");
    if (poll <= 0) {
      throw balloon.error("poll", "must be > 0: libxl polls for dom0's memory target at this interval");
    }
    long latency = cost.nanos("message-latency");
    if (latency <= 0) {
      throw cost.error("message-latency", "must be > 0: it is the simulator's lookahead");
    }
    return new CostModel(latency, ts.nanos("parse-config"), ts.nonNegativeInt("name-lookups-per-create"),
        ts.nanos("cache-lookup"), ts.nanos("build-base"), ts.nanos("build-per-gib"), ts.nanos("destroy-base"),
        hv.nanos("createdomain"), hv.nanos("destroydomain"), hv.nanos("unpause"), hv.nanos("populate-per-gib"),
        hv.nanos("heap-lock-per-gib"), hv.nanos("release-per-gib"), hv.positiveInt("max-domains"), xs.nanos("op"), xs.nanos("per-entry"),
        xs.nanos("tx-copy-per-node"), xs.nanos("commit-per-node"), xs.nonNegativeInt("max-retries"),
        dev.nanos("vif-hotplug"), dev.nanos("vbd-hotplug"), guest.nanos("kernel-boot"),
        scrub.positiveDouble("gib-per-second"), scrub.positiveLong("batch-mib"),
        scrub.positiveLong("idle-chunk-mib"), memory.positiveLong("page-kib"), balloon.nanos("per-gib"), poll,
        noxs.nanos("domain-lookup"), noxs.nanos("device-setup"), noxs.nanos("devctl"),
        xenopsd.nanos("xapi-per-operation"), xenopsd.nanos("domain-lookup"), xenopsd.nanos("physinfo"), freeMemPoll,
        xenopsd.nanos("free-mem-max-wait"),
        Dom0Costs.read(cost.section("device-model", "spawn", "stop", "running-per-second"),
            cost.section("bootloader", "pygrub"), cost.section("dom0", "console-per-second", "backend-per-second",
                "xenstored-period"),
            xs));
  }

  public long pagesFor(long mib) {
    return mib * 1024 / pageKib;
  }

  public double gib(long pages) {
    return pages * (double) pageKib / (1024 * 1024);
  }

  public long bytes(long pages) {
    return pages * pageKib * 1024;
  }

  /** Bytes per second one core zeroes or copies at most: the ceiling of any one memory stream. */
  public double coreBytesPerSecond() {
    return scrubGibPerSecond * (1L << 30);
  }

  /** The destroying CPU's walk over {@code pages} of a dying domain (relinquish_memory, free_domheap_pages). */
  public long releaseTime(long pages) {
    return perGib(releasePerGib, pages);
  }

  /** Scales a per-GiB cost to {@code pages}. */
  public long perGib(long perGibCost, long pages) {
    return Math.round(perGibCost * gib(pages));
  }
}
