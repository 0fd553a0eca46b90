package io.vstack.workload.chaos;

import io.vstack.engine.Executor;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random chaos run: {@code count} model faults of every supported kind, at times within the clean run's
 * span and on random targets, all drawn from one chaos seed, so the same seed always injects the same faults and
 * gives the same result. The run's invariants must hold whatever was injected.
 */
public record ChaosRun(long chaosSeed, List<FaultSpec> faults, ScenarioRun clean, ScenarioRun faulty) {

  /** Downtime range of an injected xenstored restart. Assumption: 50 ms to 1 s. */
  private static final long MIN_DOWNTIME = 50_000_000L;
  private static final long MAX_DOWNTIME = 1_000_000_000L;
  /** Length of an injected memory pressure (up to 90% of a node's memory). Assumption: 1 s to 30 s. */
  private static final long MIN_PRESSURE = 1_000_000_000L;
  private static final long MAX_PRESSURE = 30_000_000_000L;

  /** Length of an injected pCPU outage. Assumption: 100 ms to 10 s (a hot-unplug and replug, a firmware stall). */
  private static final long MIN_OUTAGE = 100_000_000L;
  private static final long MAX_OUTAGE = 10_000_000_000L;

  /** Time from a killed xl to the next xl run that cleans up. Assumption: 100 ms to 5 s (an orchestrator retry). */
  private static final long MIN_RESTART = 100_000_000L;
  private static final long MAX_RESTART = 5_000_000_000L;

  public static ChaosRun run(Scenario scenario, long chaosSeed, int count, Executor executor) {
    ScenarioRun clean = ScenarioRun.run(scenario, executor);
    long span = Math.max(1, clean.result().lastEventTime());
    SplittableRandom random = new SplittableRandom(chaosSeed);
    List<FaultSpec> faults = new ArrayList<>();
    // xenopsd's own restart is not modelled (a scenario refuses toolstack-crash with it), so it is not drawn.
    FaultSpec.Type[] types = Arrays.stream(FaultSpec.Type.values())
        .filter(t -> t != FaultSpec.Type.toolstack_crash || !scenario.switches().xenopsd())
        .toArray(FaultSpec.Type[]::new);
    for (int i = 0; i < count; i++) {
      FaultSpec.Type type = types[random.nextInt(types.length)];
      long at = random.nextLong(span);
      faults.add(switch (type) {
        case xenstored_restart -> new FaultSpec(type, at, random.nextInt(scenario.switches().shards()),
            MIN_DOWNTIME + random.nextLong(MAX_DOWNTIME - MIN_DOWNTIME), 0);
        case guest_crash -> new FaultSpec(type, at, random.nextInt(scenario.workload().guests()), 0, 0);
        case memory_pressure -> new FaultSpec(type, at, random.nextInt(scenario.host().nodes()),
            MIN_PRESSURE + random.nextLong(MAX_PRESSURE - MIN_PRESSURE),
            1 + (long) (random.nextDouble() * 0.9 * scenario.host().memoryMib()));
        case pcpu_offline -> new FaultSpec(type, at, random.nextInt(scenario.host().pcpus()),
            MIN_OUTAGE + random.nextLong(MAX_OUTAGE - MIN_OUTAGE), 0);
        case toolstack_crash -> new FaultSpec(type, at, random.nextInt(scenario.switches().workers()),
            MIN_RESTART + random.nextLong(MAX_RESTART - MIN_RESTART), 0);
      });
    }
    faults.sort(Comparator.comparingLong(FaultSpec::at));
    return new ChaosRun(chaosSeed, List.copyOf(faults), clean,
        ScenarioRun.run(scenario.withFaults(faults), executor));
  }
}
