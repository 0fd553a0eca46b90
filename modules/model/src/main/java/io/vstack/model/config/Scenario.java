package io.vstack.model.config;

import java.io.Serializable;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One fully checked scenario: host, guests, switches, cost model and workload. Loaded from a scenario file on
 * top of {@code conf/cost-model.conf} and {@code conf/hosts.conf}, with {@code --set key=value} overrides on top.
 */
public record Scenario(String name, long seed, Topology host, GuestType guest, Switches switches, CostModel cost,
    WorkloadSpec workload, List<FaultSpec> faults) implements Serializable {

  public Scenario with(Switches newSwitches) {
    return new Scenario(name, seed, host, guest, newSwitches, cost, workload, faults);
  }

  public Scenario with(WorkloadSpec newWorkload) {
    return new Scenario(name, seed, host, guest, switches, cost, newWorkload, faults);
  }

  /** This scenario with {@code more} faults added (checked against the host like the scenario's own). */
  public Scenario withFaults(List<FaultSpec> more) {
    List<FaultSpec> all = new java.util.ArrayList<>(faults);
    all.addAll(more);
    for (FaultSpec f : more) {
      checkFault(f, "command line: --fault");
    }
    return new Scenario(name, seed, host, guest, switches, cost, workload, List.copyOf(all));
  }

  /**
   * Loads {@code file} (or only the defaults when null) with {@code overrides}; keys of overrides are relative to
   * {@code scenario} unless they start with {@code cost.} or {@code hosts.}.
   */
  public static Scenario load(Path confDir, Path file, List<String> overrides) {
    return load(confDir, file, overrides, null);
  }

  /** As {@link #load(Path, Path, List)}, with the cost model from {@code costModel} when it is not null. */
  public static Scenario load(Path confDir, Path file, List<String> overrides, Path costModel) {
    Config defaults = defaults(confDir, costModel);
    Path scenarioFile = file == null ? confDir.resolve("scenarios").resolve("default.conf") : file;
    return load(defaults, parse(scenarioFile), scenarioFile.toString(), overrides);
  }

  private static Config defaults(Path confDir, Path costModel) {
    return parse(costModel != null ? costModel : confDir.resolve("cost-model.conf"))
        .withFallback(parse(confDir.resolve("hosts.conf")));
  }

  private static Scenario load(Config defaults, Config scenarioConfig, String source, List<String> overrides) {
    return read(merged(defaults, scenarioConfig, source, overrides));
  }

  private static ConfigReader merged(Config defaults, Config scenarioConfig, String source, List<String> overrides) {
    Config merged = overridesOf(overrides).withFallback(scenarioConfig).withFallback(defaults);
    try {
      merged = merged.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (ConfigException e) {
      throw new InvalidConfig(source + ": " + e.getMessage());
    }
    return new ConfigReader(merged, "", source);
  }

  /** A scenario whose file also has a top-level {@code extra} section, and that section's reader. */
  public record WithSection(Scenario scenario, ConfigReader section) {
  }

  /**
   * Loads {@code file} as {@link #load(Path, Path, List, Path)} does, with its top-level section {@code extra}
   * (e.g. {@code fleet}) of keys {@code extraKeys} required; overrides of keys under {@code extra.} go to it.
   */
  public static WithSection loadWith(Path confDir, Path file, List<String> overrides, Path costModel,
      String extra, String... extraKeys) {
    ConfigReader root = merged(defaults(confDir, costModel), parse(file), file.toString(), overrides);
    Scenario scenario = read(root, extra);
    return new WithSection(scenario, root.section(extra, extraKeys));
  }

  /** Whether {@code file} has a top-level section {@code name}; false for a file that does not parse. */
  public static boolean hasSection(Path file, String name) {
    try {
      return parse(file).hasPath(name);
    } catch (InvalidConfig e) {
      return false;
    }
  }

  static Scenario read(ConfigReader root, String... extra) {
    List<String> allowed = new java.util.ArrayList<>(List.of("scenario", "cost", "hosts"));
    allowed.addAll(List.of(extra));
    root.onlyKeys(allowed.toArray(String[]::new));
    ConfigReader s = root.section("scenario", "name", "seed", "host", "guest", "toolstack", "xenstore", "scrub",
        "workload", "faults");
    ConfigReader hosts = root.section("hosts", hostNames(root));
    String hostName = s.string("host");
    if (!Arrays.asList(hostNames(root)).contains(hostName)) {
      throw s.error("host", "= '" + hostName + "' is not a host in hosts.conf; known hosts: "
          + String.join(", ", hostNames(root)));
    }
    Topology host = Topology.read(hosts, hostName);
    GuestType guest = GuestType.read(s.section("guest", "memory-mib", "vcpus", "vifs", "vbds", "type",
        "bootloader"));
    ConfigReader ts = s.section("toolstack", "mode", "workers", "autoballoon", "noxs", "kind", "numa-placement",
        "shell-pool", "shell-refill", "shell-low-water", "shell-prefill");
    ConfigReader xs = s.section("xenstore", "cache", "shards", "conflict", "backends");
    ConfigReader scrub = s.section("scrub", "placement");
    // xl.conf's default autoballoon="auto" is on unless dom0_mem is on Xen's command line; a stock install has none.
    Switches switches = new Switches(ts.choice("mode", Switches.ToolstackMode.class), xs.onOff("cache"),
        scrub.choice("placement", Switches.ScrubPlacement.class), ts.positiveInt("workers"),
        xs.positiveInt("shards"), xs.choice("conflict", Switches.ConflictRule.class), ts.onOff("autoballoon", true),
        ts.onOff("noxs", false),
        ts.has("kind") ? ts.choice("kind", Switches.ToolstackKind.class) : Switches.ToolstackKind.xl,
        ts.has("numa-placement") ? ts.choice("numa-placement", Switches.NumaPlacement.class)
            : Switches.NumaPlacement.any, ShellPoolSpec.read(ts),
        xs.has("backends") ? xs.choice("backends", Switches.BackendPlacement.class)
            : Switches.BackendPlacement.with_guest);
    if (switches.xenopsd() && switches.noxs()) {
      throw ts.error("noxs", "= on: noxs is an xl design; xenopsd (toolstack.kind = xenopsd) sets up every domain "
          + "and device through Xenstore");
    }
    if (switches.xenopsd() && switches.shells().enabled()) {
      throw ts.error("shell-pool", "= " + switches.shells().size() + ": the shell pool is LightVM's split xl "
          + "toolstack; with toolstack.kind = xenopsd use toolstack.shell-pool = 0");
    }
    if (switches.noxs() && guest.hvm()) {
      throw ts.error("noxs", "= on: an HVM guest's qemu device model reports to libxl through Xenstore; noxs "
          + "(LightVM) runs PV guests only, use guest.type = pv");
    }
    if (switches.xenopsd() && switches.backends() == Switches.BackendPlacement.in_dom0) {
      throw xs.error("backends", "= in-dom0: cross-shard transactions are modelled for xl only; with "
          + "toolstack.kind = xenopsd use xenstore.backends = with-guest");
    }
    CostModel cost = CostModel.read(root.section("cost", "message-latency", "toolstack", "hypervisor", "xenstore",
        "devices", "guest", "scrub", "memory", "balloon", "noxs", "xenopsd", "device-model", "bootloader",
        "dom0"));
    WorkloadSpec workload = WorkloadSpec.read(s.section("workload", "guests", "pattern", "destroy", "trace"));
    long seed;
    try {
      seed = Long.parseLong(s.string("seed"));
    } catch (NumberFormatException e) {
      throw s.error("seed", "must be a whole number");
    }
    List<FaultSpec> faults = s.has("faults") ? s.list("faults").stream().map(f -> {
      f.onlyKeys(FaultSpec.KEYS);
      return FaultSpec.read(f);
    }).toList() : List.of();
    Scenario scenario = new Scenario(s.name("name"), seed, host, guest, switches, cost, workload, faults);
    scenario.check(s);
    return scenario;
  }

  private void check(ConfigReader s) {
    long hostMib = host.memoryMib() * host.nodes();
    if (guest.memoryMib() > hostMib) {
      throw s.error("guest.memory-mib", "= " + guest.memoryMib() + ": more than the whole host has (" + hostMib
          + " MiB on " + host.name() + ")");
    }
    if (guest.vcpus() > host.pcpus() - host.dom0Vcpus()) {
      throw s.error("guest.vcpus", "= " + guest.vcpus() + ": more than the host's guest pCPUs ("
          + (host.pcpus() - host.dom0Vcpus()) + ")");
    }
    for (FaultSpec f : faults) {
      checkFault(f, s.error("faults", "").getMessage().trim());
    }
    if (switches.shells().enabled() && switches.mode() != Switches.ToolstackMode.parallel) {
      throw s.error("toolstack.shell-pool", "= " + switches.shells().size() + " needs toolstack.mode = parallel, "
          + "not " + ConfigReader.spelling(switches.mode()) + ": LightVM's split toolstack takes no global xl "
          + "lock, and xl-4.14's ballooning would free memory for guests whose shells already hold theirs "
          + "(allowed: toolstack.shell-pool = 0 with any mode)");
    }
    if (switches.shards() > host.pcpus()) {
      throw s.error("xenstore.shards", "= " + switches.shards() + ": at most one shard per pCPU ("
          + host.pcpus() + ")");
    }
  }

  private void checkFault(FaultSpec f, String where) {
    if (f.type() == FaultSpec.Type.memory_pressure && f.target() >= host.nodes()) {
      throw new InvalidConfig(where + ": memory-pressure on node " + f.target() + ", but " + host.name() + " has "
          + host.nodes() + " nodes (0.." + (host.nodes() - 1) + ")");
    }
    if (f.type() == FaultSpec.Type.guest_crash && f.target() >= workload.guests()) {
      throw new InvalidConfig(where + ": guest-crash of guest " + f.target() + ", but there are only "
          + workload.guests() + " guests (0.." + (workload.guests() - 1) + ")");
    }
    if (f.type() == FaultSpec.Type.pcpu_offline && f.target() >= host.pcpus()) {
      throw new InvalidConfig(where + ": pcpu-offline of pCPU " + f.target() + ", but " + host.name() + " has "
          + host.pcpus() + " pCPUs (0.." + (host.pcpus() - 1) + ")");
    }
    if (f.type() == FaultSpec.Type.toolstack_crash && switches.xenopsd()) {
      throw new InvalidConfig(where + ": toolstack-crash kills an xl process; it is not supported with "
          + "toolstack.kind = xenopsd (a xenopsd restart is not modelled)");
    }
    if (f.type() == FaultSpec.Type.toolstack_crash && f.target() >= switches.workers()) {
      throw new InvalidConfig(where + ": toolstack-crash of worker " + f.target() + ", but there are only "
          + switches.workers() + " toolstack workers (0.." + (switches.workers() - 1) + ")");
    }
    if (f.type() == FaultSpec.Type.xenstored_restart && f.target() >= switches.shards()) {
      throw new InvalidConfig(where + ": xenstored-restart of shard " + f.target() + ", but there are only "
          + switches.shards() + " shards (0.." + (switches.shards() - 1) + ")");
    }
  }

  private static String[] hostNames(ConfigReader root) {
    return root.keysOf("hosts");
  }

  private static Config overridesOf(List<String> overrides) {
    StringBuilder hocon = new StringBuilder();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new InvalidConfig("command line: --set " + o + ": expected key=value, e.g. toolstack.mode=parallel");
      }
      String key = o.substring(0, eq).trim();
      String full = key.startsWith("cost.") || key.startsWith("hosts.") || key.startsWith("scenario.")
          || key.startsWith("fleet.") ? key
          : "scenario." + key;
      hocon.append(full).append(" = ").append(quoteIfNeeded(o.substring(eq + 1).trim())).append('\n');
    }
    try {
      return ConfigFactory.parseString(hocon.toString(), ConfigParseOptions.defaults()
          .setOriginDescription("command line"));
    } catch (ConfigException e) {
      throw new InvalidConfig("command line: --set: " + e.getMessage());
    }
  }

  private static String quoteIfNeeded(String value) {
    return value.matches("[A-Za-z0-9._-]+") ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Config parse(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfig(file + ": no such file");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new InvalidConfig(file + ": " + e.getMessage());
    }
  }
}
