package io.vstack.cli.bench;

import io.vstack.cli.Engine;
import io.vstack.cli.InputError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One workload run on every executor {@code rounds} times, the executors' order reversed every other round: whichever
 * runs first in a JVM is slower, even after a warm-up (by up to a third in bench fleet), so a single pass in a fixed
 * order flatters the executors that come later. A leg keeps only what its row prints, never the model it ran, so that
 * earlier legs' state does not burden later legs' collections.
 */
final class Rounds {
  private Rounds() {
  }

  /**
   * Per executor, the last round's row with the mean wall time and the largest peak heap of its rounds; whether every
   * run of every executor had the same outcome.
   */
  record Result<R>(Map<Engine.ExecutorKind, Measured<R>> legs, boolean agreed) {
  }

  /** Refuses a number of rounds below one and an executor named twice (its rounds would be summed as one). */
  static void check(List<Engine.ExecutorKind> executors, int rounds) {
    if (rounds <= 0) {
      throw new InputError("--rounds: " + rounds + " must be > 0");
    }
    if (Set.copyOf(executors).size() != executors.size()) {
      throw new InputError("--executors: " + executors + " names an executor twice");
    }
  }

  /** Runs {@code leg} for each executor {@code rounds} times, comparing every run's {@code outcome}. */
  static <R> Result<R> of(List<Engine.ExecutorKind> executors, int rounds,
      Function<Engine.ExecutorKind, Measured<R>> leg, Function<R, ?> outcome) {
    Map<Engine.ExecutorKind, Measured<R>> sum = new EnumMap<>(Engine.ExecutorKind.class);
    Object first = null;
    boolean agreed = true;
    for (int round = 0; round < rounds; round++) {
      List<Engine.ExecutorKind> order = new ArrayList<>(executors);
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      for (Engine.ExecutorKind kind : order) {
        Measured<R> m = leg.apply(kind);
        first = first == null ? outcome.apply(m.value()) : first;
        agreed &= first.equals(outcome.apply(m.value()));
        Measured<R> before = sum.get(kind);
        sum.put(kind, new Measured<>(m.value(), (before == null ? 0 : before.wallSeconds()) + m.wallSeconds() / rounds,
            Math.max(before == null ? 0 : before.peakMib(), m.peakMib())));
      }
    }
    return new Result<>(sum, agreed);
  }
}
