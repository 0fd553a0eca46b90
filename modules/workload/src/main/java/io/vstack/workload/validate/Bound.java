package io.vstack.workload.validate;

/**
 * How a published value constrains the model: a measurement to match within the tolerance, or a ceiling or floor
 * (a hardware limit such as sustainable memory bandwidth, a claim such as "more than 4x").
 */
public enum Bound {
  /** Model within real x (1 +- tolerance). */
  equal,
  /** Model at most real x (1 + tolerance). */
  at_most,
  /** Model at least real x (1 - tolerance). */
  at_least;

  public boolean holds(double ratio, double tolerance) {
    return switch (this) {
      case equal -> ratio >= 1 - tolerance && ratio <= 1 + tolerance;
      case at_most -> ratio <= 1 + tolerance;
      case at_least -> ratio >= 1 - tolerance;
    };
  }

  /** The tolerance as the table shows it. */
  public String describe(double tolerance) {
    long pct = Math.round(tolerance * 100);
    return switch (this) {
      case equal -> "+-" + pct + "%";
      case at_most -> "<= real" + (pct == 0 ? "" : " +" + pct + "%");
      case at_least -> ">= real" + (pct == 0 ? "" : " -" + pct + "%");
    };
  }
}
