package io.vstack.model.config;

import java.io.Serializable;
/**
 * What each guest of a scenario looks like.
 *
 * @param memoryMib guest memory, MiB
 * @param vcpus     virtual CPUs
 * @param vifs      network interfaces (each a netfront/netback pair and a hotplug script)
 * @param vbds      block devices (each a blkfront/blkback pair and a hotplug script)
 */
public record GuestType(long memoryMib, int vcpus, int vifs, int vbds) implements Serializable {

  public int devices() {
    return vifs + vbds;
  }

  static GuestType read(ConfigReader guest) {
    return new GuestType(guest.positiveLong("memory-mib"), guest.positiveInt("vcpus"), guest.nonNegativeInt("vifs"),
        guest.nonNegativeInt("vbds"));
  }
}
