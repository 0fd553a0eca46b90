package io.vstack.model.config;

/**
 * A storm: {@code guests} creations submitted at time 0, and what happens to the guests afterwards.
 *
 * @param guests  creations submitted at once
 * @param destroy after-boot: destroy every guest at once when the last one runs (a destroy storm); on-running:
 *                destroy each guest as soon as it runs (a rolling boot+destroy storm, so the number of live
 *                domains stays bounded); never: keep them
 */
public record WorkloadSpec(int guests, Destroy destroy) {

  /** Whether a destroy storm follows the boot storm. */
  public enum Destroy { after_boot, on_running, never }

  static WorkloadSpec read(ConfigReader workload) {
    return new WorkloadSpec(workload.positiveInt("guests"), workload.choice("destroy", Destroy.class));
  }
}
