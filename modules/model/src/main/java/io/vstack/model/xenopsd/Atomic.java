package io.vstack.model.xenopsd;

import io.vstack.model.config.GuestType;
import io.vstack.model.toolstack.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * xenopsd's micro-operations ("atomics", type atomic in lib/xenops_server.ml) that vstack models, and how
 * atomics_of_operation breaks a VM operation into them. {@code device} is the guest's device index (see DevicePaths:
 * its vifs first, then its vbds); it is -1 for the VM-wide atomics.
 */
public record Atomic(Kind kind, int device) implements java.io.Serializable {

  /** A micro-operation. */
  public enum Kind {
    /** Create the empty paused domain and its Xenstore entries (VM_create). */
    vm_create,
    /** Wait for free memory, place on a NUMA node, allocate and build (VM_build: build_pre, then xenguest). */
    vm_build,
    /** Write a disk's frontend and backend and wait for its hotplug script (VBD_plug). */
    vbd_plug,
    /** The same for a network interface (VIF_plug). */
    vif_plug,
    /** Let the vCPUs run (VM_unpause, which xapi's VM.start queues right after xenopsd's VM.start). */
    vm_unpause,
    /** Close a disk's connection and wait for its backend to go (VBD_unplug). */
    vbd_unplug,
    /** The same for a network interface (VIF_unplug). */
    vif_unplug,
    /** Destroy the domain, release its memory and remove its Xenstore entries (VM_destroy). */
    vm_destroy
  }

  /**
   * The atomics of {@code op}: VM.start (VM_create, VM_build, the VBDs then the VIFs plugged in order) followed by
   * VM.unpause; VM.shutdown without a clean shutdown (the VBDs, then the VIFs unplugged, VM_destroy).
   */
  public static List<Atomic> of(Operation op) {
    GuestType type = op.type();
    List<Atomic> out = new ArrayList<>();
    boolean create = op.kind() == Operation.Kind.create;
    if (create) {
      out.add(new Atomic(Kind.vm_create, -1));
      out.add(new Atomic(Kind.vm_build, -1));
    }
    for (int k = 0; k < type.vbds(); k++) {
      out.add(new Atomic(create ? Kind.vbd_plug : Kind.vbd_unplug, type.vifs() + k));
    }
    for (int k = 0; k < type.vifs(); k++) {
      out.add(new Atomic(create ? Kind.vif_plug : Kind.vif_unplug, k));
    }
    out.add(create ? new Atomic(Kind.vm_unpause, -1) : new Atomic(Kind.vm_destroy, -1));
    return out;
  }
}
