package io.vstack.cluster;

import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.cluster.catalogue.RunLog;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import io.vstack.engine.actor.LpPartition;
import io.vstack.engine.hosted.ModelFactories;
import io.vstack.engine.hosted.ModelFactory;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The only classes the {@link WireSerializer} names on the wire, found by name before any class is loaded. Every
 * component declares its protocol next to it (records nested in its class), so the registry is built from the
 * components: every record or enum nested in one of {@link #OWNERS} or of a registered {@link ModelFactory}'s
 * owners that is a message ({@link #MESSAGES}) or a value messages carry where their declared type is not concrete
 * (one of the factories' value roots: a model message as an event's payload, a final report), the factories' specs,
 * plus the few JDK values and collections those messages hold and Akka's actor references. A message naming any
 * other class is refused without loading it.
 */
final class WireTypes {

  /** The engine's and cluster's components whose nested records and enums are vstack's protocol. */
  static final List<Class<?>> OWNERS = List.of(PartitionCommand.class, ClockCoordinator.class, LpPartition.class,
      InlinePartition.class, NodeAgent.class, RunManager.class, CheckpointJournal.class, RunCatalogue.class,
      RunLog.class);

  /** What a message sent between actors of different JVMs is: the types bound to the wire serializer. */
  static final List<Class<?>> MESSAGES = List.of(PartitionCommand.class, ClockCoordinator.Command.class,
      ClusterMessage.class);

  /** JDK values and collections that messages hold in fields of an interface type (List, Map, Object...). */
  private static final Set<String> JDK = Set.of("java.lang.String", "java.lang.Integer", "java.lang.Long",
      "java.lang.Boolean", "java.lang.Double", "java.util.ArrayList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.TreeSet", "java.util.ImmutableCollections$List12",
      "java.util.ImmutableCollections$ListN", "java.util.Collections$UnmodifiableRandomAccessList",
      "java.util.Arrays$ArrayList");

  /** Typed actor references, written by Akka's own Jackson module as their path. */
  private static final Set<String> AKKA = Set.of("akka.actor.typed.internal.adapter.ActorRefAdapter");

  /** Element types of primitive arrays, as the JVM names them ([J is a long[]). */
  private static final String PRIMITIVES = "JIZBD";

  private static final WireTypes INSTANCE = new WireTypes(ModelFactories.all().values());

  private final Map<String, Class<?>> messages;
  private final Map<String, Class<?>> values;

  private WireTypes(Iterable<ModelFactory<?>> factories) {
    List<Class<?>> owners = new ArrayList<>(OWNERS);
    List<Class<?>> roots = new ArrayList<>();
    Map<String, Class<?>> m = new TreeMap<>();
    Map<String, Class<?>> v = new TreeMap<>();
    for (ModelFactory<?> factory : factories) {
      owners.addAll(factory.wireOwners());
      roots.addAll(factory.wireValues());
      v.put(factory.specType().getName(), factory.specType());
    }
    for (Class<?> owner : owners) {
      collect(owner, roots, m, v);
    }
    this.messages = Collections.unmodifiableMap(m);
    this.values = Collections.unmodifiableMap(v);
  }

  static WireTypes get() {
    return INSTANCE;
  }

  /** Adds {@code owner}'s nested messages, and its nested values of a type in {@code roots}. */
  private static void collect(Class<?> owner, List<Class<?>> roots, Map<String, Class<?>> messages,
      Map<String, Class<?>> values) {
    for (Class<?> nested : owner.getDeclaredClasses()) {
      if (nested.isRecord() || nested.isEnum()) {
        if (MESSAGES.stream().anyMatch(root -> root.isAssignableFrom(nested))) {
          messages.put(nested.getName(), nested);
        }
        if (roots.stream().anyMatch(root -> root.isAssignableFrom(nested))) {
          values.put(nested.getName(), nested);
        }
      }
      collect(nested, roots, messages, values);
    }
  }

  /** The message class named {@code name}, or null if no vstack message has that name. */
  Class<?> message(String name) {
    return messages.get(name);
  }

  /** Every message class, by name. */
  Map<String, Class<?>> messages() {
    return messages;
  }

  /** Whether a value named {@code name} may appear inside a message (a class name or a JVM array type name). */
  boolean allowsValue(String name) {
    if (!name.startsWith("[")) {
      return messages.containsKey(name) || values.containsKey(name) || JDK.contains(name) || AKKA.contains(name);
    }
    String element = name.substring(1);
    if (element.length() == 1) {
      return PRIMITIVES.contains(element);
    }
    if (element.startsWith("[")) {
      return allowsValue(element);
    }
    String type = element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : "";
    return type.equals("java.lang.Object") || allowsValue(type);
  }
}
