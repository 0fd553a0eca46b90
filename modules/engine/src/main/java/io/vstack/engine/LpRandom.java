package io.vstack.engine;

import io.vstack.engine.core.Mix;
import java.io.Serializable;

/**
 * A process's random stream: SplitMix64, like {@link java.util.SplittableRandom}, but its whole state is one
 * long that a checkpoint can save and restore, so a resumed run draws exactly the numbers the uninterrupted run
 * would have drawn.
 */
public final class LpRandom implements Serializable {
  private static final long serialVersionUID = 1L;

  private long state;

  public LpRandom(long seed) {
    this.state = seed;
  }

  public long nextLong() {
    state += Mix.GOLDEN;
    return Mix.mix64(state);
  }

  /** Uniform in {@code [0, bound)} by multiply-shift of the high 32 bits (bias below 2^-32 per draw). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, was " + bound);
    }
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** The stream's position, for checkpoints. */
  public long state() {
    return state;
  }
}
