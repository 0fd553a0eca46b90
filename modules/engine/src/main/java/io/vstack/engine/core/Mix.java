package io.vstack.engine.core;

/** 64-bit mixing used for seeds and sequence hashes (the SplitMix64 finalizer). */
public final class Mix {
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Mix() {
  }

  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Seed of process {@code id}'s random stream; depends only on the run seed and the id. */
  public static long processSeed(long runSeed, int id) {
    return mix64(runSeed + GOLDEN * (id + 1L));
  }
}
