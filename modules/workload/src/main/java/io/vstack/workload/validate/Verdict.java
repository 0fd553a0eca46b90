package io.vstack.workload.validate;

/** How a point came out. Only {@link #pass} and {@link #known_miss} keep the suite green. */
public enum Verdict {
  /** Within tolerance, as expected. */
  pass("pass"),
  /** Outside tolerance and listed as a known miss with its reason. */
  known_miss("known-miss"),
  /** Outside tolerance and not listed as a known miss. */
  fail("FAIL"),
  /** Listed as a known miss but now within tolerance: the list must be updated (so it stays honest). */
  stale_miss("FAIL: known miss now passes");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean ok() {
    return this == pass || this == known_miss;
  }

  static Verdict of(boolean within, boolean knownMiss) {
    if (within) {
      return knownMiss ? stale_miss : pass;
    }
    return knownMiss ? known_miss : fail;
  }
}
