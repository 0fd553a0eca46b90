package io.vstack.model.config;

import java.io.Serializable;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model fault: something that happens to the simulated Xen host at a virtual time, as part of the scenario (so
 * it is deterministic). Supported so far: {@code xenstored-restart}: xenstored on shard {@code target} goes away
 * for {@code duration}; the store is reloaded intact, open transactions are lost (their commits fail with EAGAIN
 * and libxl retries them), and requests wait until it is back. {@code guest-crash}: guest {@code target} crashes
 * if it is still booting at {@code at}; xl's default {@code on_crash = destroy} then destroys it.
 * {@code memory-pressure}: something outside the guests (dom0 ballooning, another tenant) takes up to {@code mib}
 * of NUMA node {@code target}'s free memory for {@code duration}; creations then allocate on other nodes or fail.
 * {@code pcpu-offline}: pCPU {@code target} goes offline for {@code duration}; what it was running (a scrub batch,
 * a kernel boot, toolstack work) is interrupted and resumed when it is back, and work given to it waits.
 * {@code toolstack-crash}: the xl process of toolstack worker {@code target} is killed; its operation fails, and
 * {@code duration} later the next xl run on that worker cleans up what it left behind (see ToolstackWorker).
 *
 * @param at       virtual time of the fault, ns
 * @param target   which component (the shard for xenstored-restart)
 * @param duration how long the fault lasts, ns
 * @param mib      memory taken by a memory-pressure fault, MiB
 */
public record FaultSpec(Type type, long at, int target, long duration, long mib) implements Serializable {

  /** Kinds of fault. */
  public enum Type { xenstored_restart, guest_crash, memory_pressure, pcpu_offline, toolstack_crash }

  /** Default downtime of a restarting xenstored. Assumption: a daemon restart and store reload. */
  public static final long DEFAULT_DOWNTIME = 500_000_000L;

  /**
   * Default time from an xl crash to the next xl run that cleans up after it. Assumption: an orchestrator noticing
   * the failed command and retrying.
   */
  public static final long DEFAULT_RESTART = 1_000_000_000L;

  /** Keys a fault may have, over all types. */
  static final String[] KEYS = {"type", "at", "shard", "downtime", "guest", "node", "mib", "duration", "pcpu",
      "worker", "restart"};

  static FaultSpec read(ConfigReader f) {
    Type type = f.choice("type", Type.class);
    long at = f.nanos("at");
    return switch (type) {
      case guest_crash -> new FaultSpec(type, at, f.nonNegativeInt("guest"), 0, 0);
      case memory_pressure -> new FaultSpec(type, at, f.has("node") ? f.nonNegativeInt("node") : 0,
          f.nanos("duration"), f.positiveLong("mib"));
      case pcpu_offline -> new FaultSpec(type, at, f.nonNegativeInt("pcpu"), f.nanos("duration"), 0);
      case toolstack_crash -> new FaultSpec(type, at, f.nonNegativeInt("worker"),
          f.has("restart") ? f.nanos("restart") : DEFAULT_RESTART, 0);
      case xenstored_restart -> new FaultSpec(type, at, f.has("shard") ? f.nonNegativeInt("shard") : 0,
          f.has("downtime") ? f.nanos("downtime") : DEFAULT_DOWNTIME, 0);
    };
  }

  /**
   * A fault from the command line: {@code TYPE@TIME[,shard=N][,downtime=DURATION]}, e.g.
   * {@code xenstored-restart@2s,downtime=200ms}; errors name the flag and what is allowed.
   */
  public static FaultSpec parse(String spec) {
    String allowed = Arrays.stream(Type.values()).map(t -> t.name().replace('_', '-'))
        .collect(Collectors.joining(", "));
    String[] parts = spec.split(",");
    String[] head = parts.length == 0 ? new String[0] : parts[0].split("@", 2);
    if (head.length != 2) {
      throw new InvalidConfig("command line: --fault " + spec + ": expected TYPE@TIME[,KEY=VALUE...], e.g. "
          + "xenstored-restart@2s,downtime=500ms or guest-crash@1s,guest=3 or "
          + "memory-pressure@0s,node=0,mib=60000,duration=30s or pcpu-offline@1s,pcpu=5,duration=2s or "
          + "toolstack-crash@1s,worker=2; TYPE is one of "
          + allowed);
    }
    // The keys and values go into a map, never into HOCON text, so no character of the spec is syntax.
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("type", head[0].trim());
    fields.put("at", head[1].trim());
    for (String p : List.of(parts).subList(1, parts.length)) {
      String[] kv = p.split("=", 2);
      if (kv.length != 2) {
        throw new InvalidConfig("command line: --fault " + spec + ": '" + p + "' is not key=value");
      }
      fields.put(kv[0].trim(), kv[1].trim());
    }
    ConfigReader reader = new ConfigReader(ConfigValueFactory.fromMap(fields, "command line").toConfig(),
        "--fault " + head[0].trim() + ": ", "command line");
    reader.onlyKeys(KEYS);
    return read(reader);
  }
}
