package io.vstack.workload.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.vstack.model.config.ConfigReader;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A control-plane design: a named set of scenario overrides, read from {@code conf/control-planes.conf}.
 *
 * @param settings the design's {@code key=value} overrides, sorted by key
 */
public record ControlPlane(String name, String description, String source, List<String> settings) {
  public static final String FILE = "control-planes.conf";

  /** The designs of {@code file}, in file order; every error names the file and key. */
  public static List<ControlPlane> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfig(file + ": no such file (the control-plane designs)");
    }
    Config config;
    try {
      config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
          .resolve();
    } catch (ConfigException e) {
      throw new InvalidConfig(file + ": " + e.getMessage());
    }
    ConfigReader root = new ConfigReader(config, "", file.toString());
    root.onlyKeys("control-planes");
    List<ConfigReader> readers = root.list("control-planes");
    List<? extends Config> items = config.getConfigList("control-planes");
    List<ControlPlane> designs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < readers.size(); i++) {
      ConfigReader d = readers.get(i);
      d.onlyKeys("name", "description", "source", "set");
      String name = d.string("name");
      if (!name.matches("[A-Za-z0-9.-]+")) {
        throw d.error("name", "= '" + name + "': use letters, digits, '.' and '-' only");
      }
      if (!names.add(name)) {
        throw d.error("name", "= '" + name + "' is listed twice");
      }
      designs.add(new ControlPlane(name, d.string("description"), d.string("source"), settings(d, items.get(i))));
    }
    if (designs.isEmpty()) {
      throw root.error("control-planes", "lists no design");
    }
    return List.copyOf(designs);
  }

  /** The design's scenario: {@code base} settings, then the design's, then the user's overrides. */
  public Scenario scenario(Sweep sweep, List<String> base) {
    List<String> all = new ArrayList<>(base);
    all.addAll(settings);
    try {
      return sweep.scenario(all.toArray(String[]::new));
    } catch (InvalidConfig e) {
      throw new InvalidConfig(FILE + ": design '" + name + "' (set " + String.join(", ", settings) + "): "
          + e.getMessage());
    }
  }

  private static List<String> settings(ConfigReader design, Config item) {
    Config set;
    try {
      set = item.getConfig("set");
    } catch (ConfigException.Missing e) {
      throw design.error("set", "is missing; expected the design's scenario keys, e.g. set { toolstack.mode = "
          + "parallel }");
    } catch (ConfigException.WrongType e) {
      throw design.error("set", "must be a section of scenario keys, e.g. set { toolstack.mode = parallel }");
    }
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : set.entrySet()) {
      sorted.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    List<String> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(k + "=" + v));
    return List.copyOf(out);
  }
}
