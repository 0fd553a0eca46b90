package io.vstack.workload.validate;

import java.util.List;

/**
 * One published measurement and the model run that reproduces it.
 *
 * @param id         unique name, cited by {@code fitted-by} comments in the cost model
 * @param source     where it was published
 * @param what       a short label for the table
 * @param measured   what was measured, in the source's words where possible
 * @param hardware   the host it was measured on (and what of it is assumed here)
 * @param xen        the Xen version and toolstack
 * @param confidence how sure we are of the value and of the mapping onto the model, and why
 * @param overrides  {@code --set} overrides of the scenario that reproduces it (host definition included)
 * @param scenario   the scenario file they apply to, under {@code conf/scenarios}
 * @param metric     the model output compared
 * @param value      the published value, in {@code unit}
 * @param unit       the unit the source gives it in
 * @param bound      how the value constrains the model
 * @param tolerance  relative tolerance (0.30 = +-30%)
 * @param fitted     cost-model parameters fitted to this point (empty: held out)
 * @param knownMiss  why the model misses this point today, or null when it is expected to pass
 */
public record ValidationPoint(String id, Source source, String what, String measured, String hardware, String xen,
    String confidence, List<String> overrides, String scenario, Metric metric, double value, Unit unit,
    Bound bound, double tolerance, List<String> fitted, String knownMiss) {

  /** The published value in the metric's base unit. */
  public double real() {
    return unit.toBase(value);
  }

  /** {@code base}, a value in the metric's base unit, in this point's unit. */
  public double inUnit(double base) {
    return base / unit.toBase(1);
  }

  public boolean heldOut() {
    return fitted.isEmpty();
  }
}
