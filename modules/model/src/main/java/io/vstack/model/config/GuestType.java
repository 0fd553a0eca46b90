package io.vstack.model.config;

import java.io.Serializable;
/**
 * What each guest of a scenario looks like.
 *
 * @param memoryMib  guest memory, MiB
 * @param vcpus      virtual CPUs
 * @param vifs       network interfaces (each a netfront/netback pair and a hotplug script)
 * @param vbds       block devices (each a blkfront/blkback pair and a hotplug script)
 * @param virt       paravirtualized, or hardware-virtualized with a qemu device model in dom0
 * @param bootloader how a PV guest's kernel is found: given in the config, or read from its disk by pygrub in dom0
 */
public record GuestType(long memoryMib, int vcpus, int vifs, int vbds, Virtualization virt, Bootloader bootloader)
    implements Serializable {

  /** {@code guest.type}: pv (the kernel talks to Xen directly) or hvm (libxl spawns a qemu device model). */
  public enum Virtualization { pv, hvm }

  /** {@code guest.bootloader}: none (kernel named in the config) or pygrub (run in dom0 on the guest's disk). */
  public enum Bootloader { none, pygrub }

  /** A PV guest whose kernel is named in its config. */
  public GuestType(long memoryMib, int vcpus, int vifs, int vbds) {
    this(memoryMib, vcpus, vifs, vbds, Virtualization.pv, Bootloader.none);
  }

  public int devices() {
    return vifs + vbds;
  }

  public boolean hvm() {
    return virt == Virtualization.hvm;
  }

  /** This guest with other memory and vCPUs, the same devices, type and bootloader. */
  public GuestType sized(long newMemoryMib, int newVcpus) {
    return new GuestType(newMemoryMib, newVcpus, vifs, vbds, virt, bootloader);
  }

  static GuestType read(ConfigReader guest) {
    Virtualization virt = guest.has("type") ? guest.choice("type", Virtualization.class) : Virtualization.pv;
    Bootloader bootloader = guest.has("bootloader") ? guest.choice("bootloader", Bootloader.class) : Bootloader.none;
    if (virt == Virtualization.hvm && bootloader != Bootloader.none) {
      throw guest.error("bootloader", "= " + ConfigReader.spelling(bootloader) + ": pygrub boots PV guests only; an "
          + "HVM guest boots from its emulated firmware (use guest.bootloader = none with guest.type = hvm)");
    }
    return new GuestType(guest.positiveLong("memory-mib"), guest.positiveInt("vcpus"), guest.nonNegativeInt("vifs"),
        guest.nonNegativeInt("vbds"), virt, bootloader);
  }
}
