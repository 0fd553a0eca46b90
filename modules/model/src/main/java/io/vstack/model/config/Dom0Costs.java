package io.vstack.model.config;

import java.io.Serializable;

/**
 * What guests cost dom0 beyond the toolstack's own steps, read from {@code conf/cost-model.conf} (sections
 * {@code device-model}, {@code bootloader}, {@code dom0} and the watch keys of {@code xenstore}). Durations in ns.
 *
 * @param deviceModelSpawn        an HVM guest's qemu starting up in dom0 until it reports itself running
 * @param deviceModelStop         stopping that qemu at destroy and removing its Xenstore directory
 * @param pygrub                  pygrub reading a PV guest's kernel from its disk in dom0
 * @param deviceModelPerSecond    dom0 CPU per second of a running HVM guest's qemu
 * @param consolePerSecond        dom0 CPU per second xenconsoled spends on a running guest's console
 * @param backendPerSecond        dom0 CPU per second of the backend threads of one running device
 * @param watchCheck              xenstored per connection and per registered watch it walks for one changed node
 * @param watchEvent              xenstored per watch event it queues
 * @param xenstoredPeriod         how often xenstored's service time is charged to its dom0 vCPU, as one item
 */
public record Dom0Costs(long deviceModelSpawn, long deviceModelStop, long pygrub, long deviceModelPerSecond,
    long consolePerSecond, long backendPerSecond, long watchCheck, long watchEvent, long xenstoredPeriod)
    implements Serializable {

  private static final long SECOND = 1_000_000_000L;

  static Dom0Costs read(ConfigReader dm, ConfigReader bootloader, ConfigReader dom0, ConfigReader xs) {
    Dom0Costs costs = new Dom0Costs(dm.nanos("spawn"), dm.nanos("stop"), bootloader.nanos("pygrub"),
        dm.nanos("running-per-second"), dom0.nanos("console-per-second"), dom0.nanos("backend-per-second"),
        xs.nanos("watch-check"), xs.nanos("watch-event"), dom0.nanos("xenstored-period"));
    if (costs.xenstoredPeriod() <= 0) {
      throw dom0.error("xenstored-period", "must be > 0: xenstored's time is charged to dom0 once per period");
    }
    if (costs.perSecond(new GuestType(1, 1, 1, 0, GuestType.Virtualization.hvm, GuestType.Bootloader.none))
        >= SECOND) {
      throw dm.error("running-per-second", "with dom0.console-per-second and dom0.backend-per-second must stay "
          + "below 1 s per second: one running guest cannot need more than a whole dom0 vCPU");
    }
    return costs;
  }

  /**
   * dom0 CPU per second of virtual time a running guest of {@code type} needs: xenconsoled for its console, the
   * backend threads of each device and, for HVM, its qemu device model.
   */
  public long perSecond(GuestType type) {
    return consolePerSecond + type.devices() * backendPerSecond + (type.hvm() ? deviceModelPerSecond : 0);
  }

  /**
   * xenstored's time to fire watches for {@code changed} nodes: C xenstored's fire_watches walks every connection
   * (one per introduced domain, plus dom0's clients) and each connection's watches for every changed node, then
   * queues an event per match.
   */
  public long fanOut(int changed, int connections, int watches, int fired) {
    return (long) changed * (connections + watches) * watchCheck + fired * watchEvent;
  }
}
