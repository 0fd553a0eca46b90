package io.vstack.model.config;

/**
 * Which guests are created when, and what happens to them afterwards.
 *
 * @param guests  guests to create
 * @param pattern storm: every creation submitted at time 0; one-at-a-time: each submitted when the previous
 *                {@code xl create} returned (so creation k finds k guests already there)
 * @param destroy after-boot: destroy every guest at once when the last one runs (a destroy storm); on-running:
 *                destroy each guest as soon as it runs (a rolling boot+destroy storm, so the number of live
 *                domains stays bounded); never: keep them
 */
public record WorkloadSpec(int guests, Pattern pattern, Destroy destroy) {

  /** When creations are submitted. */
  public enum Pattern { storm, one_at_a_time }

  /** Whether a destroy storm follows the boot storm. */
  public enum Destroy { after_boot, on_running, never }

  static WorkloadSpec read(ConfigReader workload) {
    return new WorkloadSpec(workload.positiveInt("guests"), workload.choice("pattern", Pattern.class),
        workload.choice("destroy", Destroy.class));
  }
}
