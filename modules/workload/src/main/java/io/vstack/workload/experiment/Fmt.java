package io.vstack.workload.experiment;

import java.util.Locale;

/** Number formatting for result tables: fixed decimals, locale-independent. */
final class Fmt {
  private Fmt() {
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String ratio(double a, double b) {
    return b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "";
  }
}
