package io.vstack.engine;

import java.io.Serializable;

/**
 * Typed address of a logical process: what {@link Context#send} needs to reach it. The type parameter is the
 * protocol the target handles, so a model cannot send a message the target does not understand.
 */
public record LpRef<M>(int id) implements Serializable {
  public LpRef {
    if (id < 0) {
      throw new IllegalArgumentException("logical process id must be >= 0, was " + id);
    }
  }

  public static <M> LpRef<M> of(int id) {
    return new LpRef<>(id);
  }
}
