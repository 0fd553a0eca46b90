package io.vstack.engine;

/** A run failed; the cause is the handler exception or violation, the message says which process and when. */
public final class EngineFailure extends RuntimeException {
  public EngineFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
