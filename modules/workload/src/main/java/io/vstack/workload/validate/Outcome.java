package io.vstack.workload.validate;

/**
 * A point's comparison: the model's value (in the metric's base unit), its ratio to the published one, and the
 * verdict.
 */
public record Outcome(ValidationPoint point, double model, double ratio, boolean within, Verdict verdict) {

  static Outcome of(ValidationPoint point, double model) {
    double ratio = model / point.real();
    boolean within = point.bound().holds(ratio, point.tolerance());
    return new Outcome(point, model, ratio, within, Verdict.of(within, point.knownMiss() != null));
  }
}
