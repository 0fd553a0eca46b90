package io.vstack.workload.fleet;

import java.io.Serializable;

/**
 * One VM of the fleet's trace: requested at {@code createAt}, deleted at {@code deleteAt} (virtual ns; -1: it
 * outlives the trace), its size and the image it boots from.
 */
public record FleetVm(String name, long createAt, long deleteAt, long memoryMib, int vcpus, int image)
    implements Serializable {
}
