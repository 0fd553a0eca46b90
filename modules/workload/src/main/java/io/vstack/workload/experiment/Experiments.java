package io.vstack.workload.experiment;

import java.util.List;
import java.util.Optional;

/** Every experiment {@code vstack experiment} knows, in listing order. */
public final class Experiments {
  private static final List<Experiment> ALL = List.of(new BootVsConcurrency(), new BootVsRunning(),
      new DestroyVsMemory(), new Ablation(), new TraceReplay(), new Autoscale(), new ControlPlanes(),
      new ControlPlaneSensitivity());

  private Experiments() {
  }

  public static List<Experiment> all() {
    return ALL;
  }

  public static Optional<Experiment> named(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
