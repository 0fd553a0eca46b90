package io.vstack.cli.bench;

import java.util.function.Supplier;

/** One benchmarked run: what it returned, its wall time, and the heap's peak while it ran. */
record Measured<T>(T value, double wallSeconds, long peakMib) {

  /** Runs {@code run} after a collection, so that the peak is the run's and not its predecessor's garbage. */
  static <T> Measured<T> of(Supplier<T> run) {
    System.gc();
    HeapPeaks.reset();
    long start = System.nanoTime();
    T value = run.get();
    double wall = (System.nanoTime() - start) / 1e9;
    return new Measured<>(value, wall, HeapPeaks.mib());
  }
}
