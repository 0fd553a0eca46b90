package io.vstack.engine;

/** A process was asked to handle an event stamped before its current time: a bug in an executor. */
public final class CausalityViolation extends RuntimeException {
  public CausalityViolation(String message) {
    super(message);
  }
}
