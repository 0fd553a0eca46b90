package io.vstack.model.config;

import java.io.Serializable;

/**
 * LightVM's split toolstack (Manco et al., SOSP 2017, section 5; the chaos shell daemon): domain shells of the
 * scenario's guest type prepared in the background (domain created, memory populated, devices set up, no kernel)
 * so that a creation only has to finish one.
 *
 * @param size     shells kept ready (0: no pool, every creation builds its domain in full)
 * @param refill   when the pool is topped up again after creations took shells
 * @param lowWater for {@link Refill#low_water}: the pool is topped up when fewer than this many shells are ready or
 *                 being prepared
 * @param prefill  whether the workload waits until the pool is full before its first request, as LightVM's daemon
 *                 prepares its shells ahead of time; off: the pool starts filling at time 0 with the workload
 */
public record ShellPoolSpec(int size, Refill refill, int lowWater, boolean prefill) implements Serializable {

  /** No shell pool. */
  public static final ShellPoolSpec OFF = new ShellPoolSpec(0, Refill.eager, 1, true);

  /** When shells are prepared again. */
  public enum Refill {
    /** Top the pool up to {@code size} whenever a creation takes a shell. */
    eager,
    /** Top the pool up to {@code size} only when fewer than {@code lowWater} shells remain. */
    low_water
  }

  public boolean enabled() {
    return size > 0;
  }

  /** Shells to start preparing now that {@code held} are ready or being prepared. */
  public int topUp(int held) {
    int threshold = refill == Refill.eager ? size : lowWater;
    return held < threshold ? size - held : 0;
  }

  /** "shell-pool-N", with the refill policy when it is not eager and "-cold" when not pre-filled. */
  public String label() {
    return "shell-pool-" + size + (refill == Refill.low_water ? "-low-water-" + lowWater : "")
        + (prefill ? "" : "-cold");
  }

  static ShellPoolSpec read(ConfigReader toolstack) {
    int size = toolstack.has("shell-pool") ? toolstack.nonNegativeInt("shell-pool") : 0;
    Refill refill = toolstack.has("shell-refill") ? toolstack.choice("shell-refill", Refill.class) : Refill.eager;
    int lowWater = toolstack.has("shell-low-water") ? toolstack.positiveInt("shell-low-water") : 1;
    if (size > 0 && lowWater > size) {
      throw toolstack.error("shell-low-water", "= " + lowWater + ": must be between 1 and shell-pool (" + size + ")");
    }
    return new ShellPoolSpec(size, refill, lowWater, toolstack.onOff("shell-prefill", true));
  }
}
