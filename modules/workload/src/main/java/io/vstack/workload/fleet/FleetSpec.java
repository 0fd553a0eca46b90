package io.vstack.workload.fleet;

import io.vstack.model.config.ConfigReader;
import io.vstack.workload.autoscale.LoadCurve;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet scenario's {@code fleet} section: how many hosts (each the scenario's host, in the scenario's
 * configuration), the control network between them and the cloud controller, the scheduler's settings, the image
 * stores, and the VM trace replayed through the controller. conf/scenarios/fleet-*.conf say where each default
 * comes from.
 *
 * @param hosts            hosts in the fleet
 * @param slots            domain slots per host: each VM placed on a host takes one for good
 * @param latency          one-way control-network latency (controller, hosts, image stores), ns; half of it is the
 *                         lookahead (see {@link #lookahead})
 * @param reportInterval   how often a host that builds or scrubs reports its resources, ns
 * @param scheduler        the cloud scheduler's settings
 * @param images           the image service
 * @param trace            the VMs requested
 * @param evacuate         a drain of some hosts during the run, or none
 * @param reboot           a reboot of some hosts during the run, or none
 * @param groups           auto-scaled services whose VMs the controller places beside the trace's, by name
 * @param hostGroups       consecutive groups of hosts each running a control-plane design, in host order; empty:
 *                         every host runs the scenario's own configuration
 */
public record FleetSpec(int hosts, int slots, long latency, long reportInterval, SchedulerSpec scheduler,
    ImageSpec images, TraceSpec trace, EvacuateSpec evacuate, RebootSpec reboot, List<GroupSpec> groups,
    List<HostGroupSpec> hostGroups) implements Serializable {

  /** {@code hosts} consecutive hosts running design {@code design} of conf/control-planes.conf. */
  public record HostGroupSpec(String design, int hosts) implements Serializable {
  }

  public FleetSpec {
    groups = List.copyOf(groups);
    hostGroups = List.copyOf(hostGroups);
  }

  /**
   * A drain for maintenance: at virtual time {@code at} hosts {@code 0 .. hosts - 1} are disabled (no placement goes
   * there any more) and every VM they run or build is deleted there and rebuilt elsewhere through the scheduler, as
   * Nova's host evacuation does with each instance (a cold rebuild, not a live migration). {@code hosts = 0}: none.
   */
  public record EvacuateSpec(long at, int hosts) implements Serializable {
    public static final EvacuateSpec NONE = new EvacuateSpec(0, 0);
  }

  /**
   * A mass reboot, as after patching: at virtual time {@code at} hosts {@code 0 .. hosts - 1} restart every VM they
   * run in place (each destroyed and, once gone, created again on the same host, as Nova's
   * {@code resume_guests_state_on_host_boot} brings guests back after a host reboot; the host's own reboot time is
   * not modelled, and VMs still building finish their build). A re-creation that fails is rescheduled like any
   * failed build. {@code hosts = 0}: none.
   */
  public record RebootSpec(long at, int hosts) implements Serializable {
    public static final RebootSpec NONE = new RebootSpec(0, 0);
  }

  /**
   * The scheduler: Nova's filter scheduler settings it models, plus a weigher of our own for dirty memory.
   *
   * @param reservedMib        host memory never given to guests (Nova {@code reserved_host_memory_mb})
   * @param cpuRatio           vCPUs per guest pCPU (Nova {@code cpu_allocation_ratio})
   * @param maxAttempts        builds tried per VM before it fails (Nova {@code [scheduler] max_attempts})
   * @param decision           scheduler time per placement decision, ns
 * @param workers            decisions made at once (Nova's {@code [scheduler] workers}, scheduler processes that
 *                           take requests off the queue in parallel; claims are atomic, as Placement's are)
   * @param ramWeight          weight of free guest memory (Nova {@code ram_weight_multiplier})
   * @param ioOpsWeight        weight of creations in progress (Nova {@code io_ops_weight_multiplier})
   * @param buildFailureWeight weight of recent failed builds (Nova {@code build_failure_weight_multiplier})
   * @param dirtyWeight        weight of memory still to be scrubbed (not Nova's: Nova does not see it)
   */
  public record SchedulerSpec(long reservedMib, double cpuRatio, int maxAttempts, long decision, int workers,
      double ramWeight, double ioOpsWeight, double buildFailureWeight, double dirtyWeight) implements Serializable {
  }

  /**
   * Images guests boot from, served by {@code stores} stores whose bandwidth concurrent transfers share; a host
   * keeps an image once fetched.
   */
  public record ImageSpec(int stores, int count, long bytes, long bytesPerSecond) implements Serializable {
  }

  /**
   * The VMs: an Azure-format trace file (at most {@code maxVms} of its rows, 0: all), a synthetic trace of
   * {@code syntheticVms} VMs over {@code days} days ({@link io.vstack.workload.vmtrace.SyntheticAzureTrace}), or
   * none (the scaling groups' VMs only).
   */
  public record TraceSpec(Source source, String file, int syntheticVms, int days, int maxVms)
      implements Serializable {
    /** Where the VMs come from. */
    public enum Source { file, synthetic, none }
  }

  /**
   * A scaling group: a service under {@code load} (from {@code start}, when the load's time 0 is) whose scaler, every
   * {@code tick}, sizes it to {@code ceil(load / (perVm * target))} VMs, at most {@code maxSize}, as an AWS Auto
   * Scaling group with target tracking or a Kubernetes HorizontalPodAutoscaler does: it asks the controller for the
   * VMs missing (placed and built like the trace's) and, when it has more running than it wants and none pending,
   * deletes the newest surplus ones.
   *
   * @param name    the group's name (its key in {@code fleet.autoscale}); its VMs are {@code name-0},
   *                {@code name-1}, ...
   * @param perVm   requests/s one running VM serves
   * @param target  utilization the scaler aims for (0..1]
   * @param maxSize the most VMs it has at once (running or pending)
   */
  public record GroupSpec(String name, long memoryMib, int vcpus, int image, double perVm, double target, long tick,
      long start, int maxSize, LoadCurve load) implements Serializable {
  }

  /**
   * The engine's lookahead: half the control-network latency. A message to a host crosses the network in this half
   * and reaches the host's toolstack after the other half, so a host may run its own model up to this far past its
   * clock (nothing that reaches it later can land before that) and handles all of a window's events in one go.
   */
  public long lookahead() {
    return latency / 2;
  }

  /** The half of the latency between a host's agent receiving a message and its toolstack seeing it. */
  public long intoHost() {
    return latency - lookahead();
  }

  /** The {@code fleet} section; the load curves' bursts are drawn from {@code seed} and each group's number. */
  static FleetSpec read(ConfigReader fleet, long seed) {
    ConfigReader s = fleet.section("scheduler", "reserved-host-memory-mib", "cpu-allocation-ratio", "max-attempts",
        "decision-time", "workers", "ram-weight", "io-ops-weight", "build-failure-weight", "dirty-memory-weight");
    ConfigReader i = fleet.section("images", "stores", "count", "size-mib", "store-bandwidth-mib-per-s");
    ConfigReader t = fleet.section("trace", "source", "file", "synthetic-vms", "days", "max-vms");
    TraceSpec.Source source = t.choice("source", TraceSpec.Source.class);
    ImageSpec images = new ImageSpec(i.positiveInt("stores"), i.positiveInt("count"), i.positiveLong("size-mib") << 20,
        i.positiveLong("store-bandwidth-mib-per-s") << 20);
    long latency = fleet.nanos("network-latency");
    if (latency < 2) {
      throw fleet.error("network-latency", "must be at least 2ns: half of it is the lookahead between hosts");
    }
    EvacuateSpec evacuate = evacuate(fleet);
    return new FleetSpec(fleet.positiveInt("hosts"), fleet.positiveInt("host-slots"), latency,
        positive(fleet, "report-interval"),
        new SchedulerSpec(s.nonNegativeInt("reserved-host-memory-mib"), s.positiveDouble("cpu-allocation-ratio"),
            s.positiveInt("max-attempts"), s.nanos("decision-time"),
            s.has("workers") ? s.positiveInt("workers") : 1, s.finiteDouble("ram-weight"),
            s.finiteDouble("io-ops-weight"), s.finiteDouble("build-failure-weight"),
            s.finiteDouble("dirty-memory-weight")),
        images,
        new TraceSpec(source, source == TraceSpec.Source.file ? t.string("file") : null,
            source == TraceSpec.Source.synthetic ? t.positiveInt("synthetic-vms") : 0,
            t.has("days") ? t.positiveInt("days") : 1, t.has("max-vms") ? t.nonNegativeInt("max-vms") : 0),
        evacuate, reboot(fleet, evacuate), groups(fleet, images, seed), hostGroups(fleet));
  }

  private static List<HostGroupSpec> hostGroups(ConfigReader fleet) {
    if (!fleet.has("host-groups")) {
      return List.of();
    }
    List<HostGroupSpec> groups = new ArrayList<>();
    int hosts = 0;
    for (ConfigReader g : fleet.list("host-groups")) {
      g.onlyKeys("design", "hosts");
      groups.add(new HostGroupSpec(g.string("design"), g.positiveInt("hosts")));
      hosts += g.positiveInt("hosts");
    }
    if (hosts != fleet.positiveInt("hosts")) {
      throw fleet.error("host-groups", "hold " + hosts + " hosts in all, but the fleet has hosts = "
          + fleet.positiveInt("hosts"));
    }
    return List.copyOf(groups);
  }

  private static List<GroupSpec> groups(ConfigReader fleet, ImageSpec images, long seed) {
    if (!fleet.has("autoscale")) {
      return List.of();
    }
    String[] names = fleet.keysOf("autoscale");
    ConfigReader autoscale = fleet.section("autoscale", names);
    List<GroupSpec> groups = new ArrayList<>();
    for (String name : names) {
      if (!name.matches("[a-z][a-z0-9-]*")) {
        throw autoscale.error(name, "is no group name: lower-case letters, digits and '-', from a letter");
      }
      ConfigReader g = autoscale.section(name, "memory-mib", "vcpus", "image", "per-vm", "target", "tick", "start",
          "max-size", "load");
      ConfigReader l = g.section("load", "base", "swing", "period", "bursts", "burst-factor", "burst-duration",
          "duration");
      int image = g.nonNegativeInt("image");
      if (image >= images.count()) {
        throw g.error("image", "= " + image + ": the fleet has images 0 .. " + (images.count() - 1));
      }
      double target = g.positiveDouble("target");
      if (target > 1) {
        throw g.error("target", "= " + target + ": a utilization, at most 1");
      }
      long tick = positive(g, "tick");
      LoadCurve load = LoadCurve.of(l.positiveDouble("base"), fraction(l, "swing"), positive(l, "period"),
          l.nonNegativeInt("bursts"), l.positiveDouble("burst-factor"), positive(l, "burst-duration"),
          positive(l, "duration"), seed + groups.size());
      groups.add(new GroupSpec(name, g.positiveLong("memory-mib"), g.positiveInt("vcpus"), image,
          g.positiveDouble("per-vm"), target, tick, g.nanos("start"), g.positiveInt("max-size"), load));
    }
    return groups;
  }

  private static double fraction(ConfigReader r, String key) {
    double v = r.finiteDouble(key);
    if (v < 0 || v > 1) {
      throw r.error(key, "= " + v + ": must be within 0 .. 1");
    }
    return v;
  }

  private static EvacuateSpec evacuate(ConfigReader fleet) {
    if (!fleet.has("evacuate")) {
      return EvacuateSpec.NONE;
    }
    ConfigReader e = fleet.section("evacuate", "at", "hosts");
    int hosts = e.nonNegativeInt("hosts");
    if (hosts >= fleet.positiveInt("hosts")) {
      throw e.error("hosts", "= " + hosts + ": must leave at least one of the fleet's " + fleet.positiveInt("hosts")
          + " hosts to evacuate to");
    }
    return new EvacuateSpec(e.nanos("at"), hosts);
  }

  private static RebootSpec reboot(ConfigReader fleet, EvacuateSpec evacuate) {
    if (!fleet.has("reboot")) {
      return RebootSpec.NONE;
    }
    ConfigReader r = fleet.section("reboot", "at", "hosts");
    int hosts = r.nonNegativeInt("hosts");
    if (hosts > fleet.positiveInt("hosts")) {
      throw r.error("hosts", "= " + hosts + ": the fleet has only " + fleet.positiveInt("hosts") + " hosts");
    }
    if (hosts > 0 && evacuate.hosts() > 0) {
      throw r.error("hosts", "= " + hosts + ": a reboot and an evacuation would both take hosts 0 ..; set one of "
          + "fleet.reboot.hosts and fleet.evacuate.hosts to 0");
    }
    return new RebootSpec(r.nanos("at"), hosts);
  }

  private static long positive(ConfigReader r, String key) {
    long v = r.nanos(key);
    if (v <= 0) {
      throw r.error(key, "must be > 0");
    }
    return v;
  }
}
