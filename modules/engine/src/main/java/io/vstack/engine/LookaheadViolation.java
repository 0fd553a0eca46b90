package io.vstack.engine;

/** A model sent a message to another process with a latency below the lookahead: a bug in the model. */
public final class LookaheadViolation extends RuntimeException {
  public LookaheadViolation(String message) {
    super(message);
  }
}
