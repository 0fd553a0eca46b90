package io.vstack.model.config;

/**
 * A storm: {@code guests} creations submitted at time 0, and optionally a destroy storm of every guest once all
 * creations have finished.
 *
 * @param guests  creations submitted at once
 * @param destroy after-boot: destroy every created guest at once when the last creation finished; never: keep them
 */
public record WorkloadSpec(int guests, Destroy destroy) {

  /** Whether a destroy storm follows the boot storm. */
  public enum Destroy { after_boot, never }

  static WorkloadSpec read(ConfigReader workload) {
    return new WorkloadSpec(workload.positiveInt("guests"), workload.choice("destroy", Destroy.class));
  }
}
