package io.vstack.engine;

/**
 * How far and with which randomness to run a model.
 *
 * @param seed    run seed; every process's random stream is derived from it and the process id
 * @param horizon events stamped at or after this virtual time are not delivered ({@link Long#MAX_VALUE}: run
 *                until nothing is pending)
 */
public record RunSpec(long seed, long horizon) {
  public RunSpec {
    if (horizon <= 0) {
      throw new IllegalArgumentException("horizon must be > 0 ticks, was " + horizon);
    }
  }

  public static RunSpec untilQuiet(long seed) {
    return new RunSpec(seed, Long.MAX_VALUE);
  }
}
