package io.vstack.model.config;

/** A configuration value that cannot be used; the message names file, key and what is allowed. */
public final class InvalidConfig extends RuntimeException {
  public InvalidConfig(String message) {
    super(message);
  }
}
