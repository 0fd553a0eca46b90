package io.vstack.engine.hosted;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link ModelFactory}s registered on this JVM's class path, by name. */
public final class ModelFactories {
  private static final Map<String, ModelFactory<?>> REGISTERED = load();

  private ModelFactories() {
  }

  private static Map<String, ModelFactory<?>> load() {
    Map<String, ModelFactory<?>> factories = new TreeMap<>();
    for (ModelFactory<?> factory : ServiceLoader.load(ModelFactory.class, ModelFactories.class.getClassLoader())) {
      ModelFactory<?> other = factories.put(factory.name(), factory);
      if (other != null) {
        throw new IllegalStateException("two model factories are named " + factory.name() + ": "
            + other.getClass().getName() + " and " + factory.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(factories);
  }

  /** Every registered factory, by name. */
  public static Map<String, ModelFactory<?>> all() {
    return REGISTERED;
  }

  /** The factory named {@code name}; an unknown name is refused with the names there are. */
  public static ModelFactory<?> named(String name) {
    ModelFactory<?> factory = REGISTERED.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("no model factory named '" + name + "' on this member; registered: "
          + (REGISTERED.isEmpty() ? "none" : String.join(", ", REGISTERED.keySet())));
    }
    return factory;
  }
}
