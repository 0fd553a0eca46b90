package io.vstack.model.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of a calibrated cost-model file: the base cost model with each fitted key's value replaced, and the fitted
 * host keys in a {@code hosts { NAME { ... } }} block at its end. A cost-model file's keys take precedence over
 * {@code conf/hosts.conf}'s, so the file alone, given as {@code --cost-model}, carries both.
 */
public final class CalibratedFile {

  private CalibratedFile() {
  }

  /** {@code base}'s text with {@code fits} in it, each with a comment saying it was fitted from {@code source}. */
  public static String of(String base, List<Calibration.Fit> fits, String source) {
    Map<String, Calibration.Fit> wanted = new LinkedHashMap<>();
    fits.stream().filter(f -> !f.ofHost()).forEach(f -> wanted.put(f.path(), f));
    StringBuilder out = new StringBuilder();
    List<String> sections = new ArrayList<>();
    for (String line : base.split("\n", -1)) {
      String t = line.trim();
      if (t.endsWith("{")) {
        sections.add(t.substring(0, t.length() - 1).trim());
      } else if (t.equals("}") && !sections.isEmpty()) {
        sections.remove(sections.size() - 1);
      }
      int eq = t.indexOf('=');
      Calibration.Fit fit = eq > 0 && !t.startsWith("#")
          ? wanted.remove(String.join(".", sections) + "." + t.substring(0, eq).trim()) : null;
      if (fit != null) {
        String indent = line.substring(0, line.indexOf(t));
        comment(out, indent, source, fit);
        out.append(indent).append(key(fit)).append(" = ").append(fit.value()).append('\n');
      } else {
        out.append(line).append('\n');
      }
    }
    if (!wanted.isEmpty()) {
      throw new IllegalStateException("the base cost model has no keys " + wanted.keySet());
    }
    out.setLength(out.length() - 1);
    hosts(out, fits, source);
    return out.toString();
  }

  private static void hosts(StringBuilder out, List<Calibration.Fit> fits, String source) {
    Map<String, List<Calibration.Fit>> byHost = new LinkedHashMap<>();
    for (Calibration.Fit f : fits) {
      if (f.ofHost()) {
        byHost.computeIfAbsent(f.path().split("\\.")[1], h -> new ArrayList<>()).add(f);
      }
    }
    if (byHost.isEmpty()) {
      return;
    }
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
    out.append("\n# Host keys fitted by vstack calibrate: with this file as --cost-model they override ")
        .append("conf/hosts.conf\n");
    out.append("hosts {\n");
    byHost.forEach((host, hostFits) -> {
      out.append("  ").append(host).append(" {\n");
      for (Calibration.Fit f : hostFits) {
        comment(out, "    ", source, f);
        out.append("    ").append(key(f)).append(" = ").append(f.value()).append('\n');
      }
      out.append("  }\n");
    });
    out.append("}\n");
  }

  private static void comment(StringBuilder out, String indent, String source, Calibration.Fit fit) {
    out.append(indent).append("# calibrated from ").append(source).append(": ").append(fit.how()).append('\n');
  }

  private static String key(Calibration.Fit fit) {
    return fit.path().substring(fit.path().lastIndexOf('.') + 1);
  }
}
