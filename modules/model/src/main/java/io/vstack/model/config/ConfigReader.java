package io.vstack.model.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads one configuration section with checks: every error names the file (or "command line"), the full key and
 * what would have been allowed. Unknown keys are errors too, so a typo never silently falls back to a default.
 */
public final class ConfigReader {
  private final Config config;
  private final String prefix;
  private final String source;

  public ConfigReader(Config config, String prefix, String source) {
    this.config = config;
    this.prefix = prefix;
    this.source = source;
  }

  public ConfigReader section(String key, String... allowedKeys) {
    Config sub;
    try {
      sub = config.getConfig(key);
    } catch (ConfigException.Missing e) {
      throw error(key, "is missing; expected a section with keys " + String.join(", ", allowedKeys));
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be a section { ... } with keys " + String.join(", ", allowedKeys));
    }
    ConfigReader reader = new ConfigReader(sub, full(key) + ".", source);
    reader.onlyKeys(allowedKeys);
    return reader;
  }

  /** Fails on any key of this section that is not in {@code allowed}. */
  public void onlyKeys(String... allowed) {
    Set<String> allowedSet = Set.of(allowed);
    Set<String> present = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
      present.add(e.getKey());
    }
    for (String key : present) {
      if (!allowedSet.contains(key)) {
        throw error(key, "is not a known key; allowed here: " + Arrays.stream(allowed).sorted()
            .collect(Collectors.joining(", ")));
      }
    }
  }

  /** Names of the entries of section {@code key}, sorted; empty when it is absent. */
  public String[] keysOf(String key) {
    if (!config.hasPath(key)) {
      return new String[0];
    }
    try {
      return new TreeSet<>(config.getConfig(key).root().keySet()).toArray(String[]::new);
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be a section { ... }");
    }
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  public String string(String key) {
    try {
      return config.getString(key);
    } catch (ConfigException.Missing e) {
      throw error(key, "is missing");
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be a string");
    }
  }

  /** A string that becomes a file or directory name: see {@link Names}. */
  public String name(String key) {
    String value = string(key);
    if (!Names.valid(value)) {
      throw error(key, "= '" + value + "': must be " + Names.RULE + " (it names the run's directory)");
    }
    return value;
  }

  /** An enum value whose name in configuration files is not its Java name with '_' spelled '-'. */
  public interface Spelled {
    /** How the value is written in configuration files and shown in errors. */
    String spelling();
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    String value = string(key);
    for (E e : type.getEnumConstants()) {
      if (spelling(e).equals(value) || e.name().equals(value.replace('-', '_'))) {
        return e;
      }
    }
    throw error(key, "= '" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
        .map(ConfigReader::spelling).collect(Collectors.joining(", ")));
  }

  /** How {@code value} is written in configuration files. */
  public static String spelling(Enum<?> value) {
    return value instanceof Spelled s ? s.spelling() : value.name().replace('_', '-');
  }

  public long positiveLong(String key) {
    long value = whole(key);
    if (value <= 0) {
      throw error(key, "= " + value + ": must be > 0");
    }
    return value;
  }

  public int positiveInt(String key) {
    return toInt(key, positiveLong(key));
  }

  public int nonNegativeInt(String key) {
    long value = whole(key);
    if (value < 0) {
      throw error(key, "= " + value + ": must be >= 0");
    }
    return toInt(key, value);
  }

  public double positiveDouble(String key) {
    double value = number(key).doubleValue();
    if (!(value > 0) || Double.isInfinite(value)) {
      throw error(key, "= " + value + ": must be a finite number > 0");
    }
    return value;
  }

  /** Any finite number, negative ones included (a weight). */
  public double finiteDouble(String key) {
    double value = number(key).doubleValue();
    if (!Double.isFinite(value)) {
      throw error(key, "= " + value + ": must be a finite number");
    }
    return value;
  }

  /** An optional on/off switch: {@code absent} when the key is not set. */
  public boolean onOff(String key, boolean absent) {
    return has(key) ? onOff(key) : absent;
  }

  public boolean onOff(String key) {
    String value = string(key);
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw error(key, "= '" + value + "' is not one of on, off");
    };
  }

  /** A HOCON duration ("50us", "10ms", "1.5s") in nanoseconds, >= 0. */
  public long nanos(String key) {
    Duration d;
    try {
      d = config.getDuration(key);
    } catch (ConfigException.Missing e) {
      throw error(key, "is missing; expected a duration such as 50us, 10ms or 1.5s");
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw error(key, "must be a duration such as 50us, 10ms or 1.5s");
    }
    if (d.isNegative()) {
      throw error(key, "= " + d + ": must not be negative");
    }
    return d.toNanos();
  }

  /** A list of sections, e.g. {@code faults = [ { ... }, { ... } ]}; each element read on its own. */
  public List<ConfigReader> list(String key) {
    try {
      List<? extends Config> items = config.getConfigList(key);
      List<ConfigReader> out = new java.util.ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(new ConfigReader(items.get(i), full(key) + "[" + i + "].", source));
      }
      return out;
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be a list of sections [ { ... }, ... ]");
    }
  }

  public List<String> strings(String key) {
    try {
      return config.getStringList(key);
    } catch (ConfigException.Missing e) {
      throw error(key, "is missing");
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be a list of strings");
    }
  }

  public InvalidConfig error(String key, String problem) {
    String origin = source;
    try {
      if (config.hasPathOrNull(key) && !config.getIsNull(key)) {
        origin = describe(config.getValue(key).origin().description());
      }
    } catch (ConfigException.BadPath e) {
      // A key that is no valid path (a quoted key with a '.' or a space) still names its file, not its line.
    }
    return new InvalidConfig(origin + ": " + full(key) + " " + problem);
  }

  private Number number(String key) {
    try {
      return config.getNumber(key);
    } catch (ConfigException.Missing e) {
      throw error(key, "is missing; expected a number");
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be a number");
    }
  }

  /** A number that must have no fractional part: 1.5 vCPUs is an error, never silently 1. */
  private long whole(String key) {
    Number n = number(key);
    double d = n.doubleValue();
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      throw error(key, "= " + n + ": must be a whole number");
    }
    return n.longValue();
  }

  private int toInt(String key, long value) {
    if (value > Integer.MAX_VALUE) {
      throw error(key, "= " + value + ": must be at most " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  private String full(String key) {
    return prefix + key;
  }

  private String describe(String origin) {
    if (origin.startsWith("command line")) {
      return "command line";
    }
    return origin.startsWith("merge of ") ? source : origin;
  }
}
