package io.vstack.workload.validate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.vstack.model.config.ConfigReader;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The published measurements of {@code conf/validation}: one file per source, each with its {@code source} and its
 * {@code points}. Every point's scenario is loaded (and so checked) when the suite is read, so a bad point fails
 * before anything runs, naming its file and key.
 */
public record ValidationSuite(Path confDir, List<Source> sources, List<ValidationPoint> points) {

  /** Relative tolerance of a point that gives none: the target of issue 13. */
  public static final double DEFAULT_TOLERANCE = 0.30;

  private static final String[] POINT_KEYS = {"id", "what", "measured", "hardware", "xen", "confidence", "scenario",
      "metric", "real", "bound", "tolerance", "fitted", "known-miss"};
  private static final String[] HOST_KEYS = {"name", "nodes", "pcpus-per-node", "memory-per-node-mib", "dom0-vcpus",
      "memory-bandwidth-gbps", "interconnect-gbps"};

  public static ValidationSuite load(Path confDir) {
    Path dir = confDir.resolve("validation");
    if (!Files.isDirectory(dir)) {
      throw new InvalidConfig(dir + ": no such directory (the published measurements, one .conf file per source)");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Source> sources = new ArrayList<>();
    List<ValidationPoint> points = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    for (Path file : files) {
      ConfigReader root = new ConfigReader(parse(file), "", file.toString());
      root.onlyKeys("source", "points");
      ConfigReader src = root.section("source", "citation", "url", "kind");
      String name = file.getFileName().toString().replaceFirst("\\.conf$", "");
      Source source = new Source(name, src.string("citation"), src.string("url"), src.string("kind"));
      sources.add(source);
      for (ConfigReader p : root.list("points")) {
        ValidationPoint point = point(confDir, source, p);
        Path earlier = seen.putIfAbsent(point.id(), file);
        if (earlier != null) {
          throw p.error("id", "= " + point.id() + ": already used in " + earlier);
        }
        points.add(point);
      }
    }
    if (points.isEmpty()) {
      throw new InvalidConfig(dir + ": no points; each .conf file lists a source and its points = [ { ... } ]");
    }
    return new ValidationSuite(confDir, List.copyOf(sources), List.copyOf(points));
  }

  /** The scenario that reproduces {@code point}. */
  public Scenario scenario(ValidationPoint point) {
    return Scenario.load(confDir, confDir.resolve("scenarios").resolve(point.scenario()), point.overrides());
  }

  public ValidationPoint point(String id) {
    return points.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no validation point " + id));
  }

  private static Config parse(Path file) {
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
          .setOriginDescription(file.toString()));
    } catch (ConfigException e) {
      throw new InvalidConfig(file + ": " + e.getMessage());
    }
  }

  private static ValidationPoint point(Path confDir, Source source, ConfigReader p) {
    p.onlyKeys(POINT_KEYS);
    String id = p.string("id");
    ConfigReader sc = p.section("scenario", "file", "host", "set");
    String scenarioFile = sc.has("file") ? sc.string("file") : "default.conf";
    List<String> overrides = new ArrayList<>();
    overrides.add("name=validate-" + id);
    if (sc.has("host")) {
      ConfigReader host = sc.section("host", HOST_KEYS);
      String name = host.string("name");
      overrides.add("hosts." + name + ".nodes=" + host.positiveInt("nodes"));
      overrides.add("hosts." + name + ".pcpus-per-node=" + host.positiveInt("pcpus-per-node"));
      overrides.add("hosts." + name + ".memory-per-node-mib=" + host.positiveLong("memory-per-node-mib"));
      overrides.add("hosts." + name + ".dom0-vcpus=" + host.positiveInt("dom0-vcpus"));
      overrides.add("hosts." + name + ".memory-bandwidth-gbps=" + host.positiveDouble("memory-bandwidth-gbps"));
      overrides.add("hosts." + name + ".interconnect-gbps=" + host.positiveDouble("interconnect-gbps"));
      overrides.add("host=" + name);
    }
    if (sc.has("set")) {
      overrides.addAll(sc.strings("set"));
    }
    Metric metric = p.choice("metric", Metric.class);
    ConfigReader real = p.section("real", "value", "unit");
    Unit unit = real.choice("unit", Unit.class);
    if (unit.dimension() != metric.dimension()) {
      throw real.error("unit", "= " + unit.spelling() + " cannot be compared with metric " + metric.spelling()
          + ", which is in " + metric.dimension().base() + "; use a unit of that dimension");
    }
    double value = real.positiveDouble("value");
    Bound bound = p.has("bound") ? p.choice("bound", Bound.class) : Bound.equal;
    double tolerance = p.has("tolerance") ? p.positiveDouble("tolerance")
        : bound == Bound.equal ? DEFAULT_TOLERANCE : 0;
    String knownMiss = p.has("known-miss") ? p.section("known-miss", "reason").string("reason") : null;
    ValidationPoint point = new ValidationPoint(id, source, p.string("what"), p.string("measured"),
        p.string("hardware"), p.string("xen"), p.string("confidence"), List.copyOf(overrides), scenarioFile, metric,
        value, unit, bound, tolerance,
        p.has("fitted") ? List.copyOf(p.strings("fitted")) : List.of(), knownMiss);
    if (!Files.isRegularFile(confDir.resolve("scenarios").resolve(scenarioFile))) {
      throw sc.error("file", "= " + scenarioFile + ": no such file in " + confDir.resolve("scenarios"));
    }
    try {
      Scenario.load(confDir, confDir.resolve("scenarios").resolve(scenarioFile), point.overrides());
    } catch (InvalidConfig e) {
      throw new InvalidConfig(p.error("scenario", "of point " + id + " is not a valid scenario: " + e.getMessage())
          .getMessage());
    }
    return point;
  }
}
