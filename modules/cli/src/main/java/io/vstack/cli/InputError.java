package io.vstack.cli;

/** Bad input from the user (a config value, a flag): reported without a stack trace, exit code 2. */
public final class InputError extends RuntimeException {
  public InputError(String message) {
    super(message);
  }
}
