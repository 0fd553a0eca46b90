package io.vstack.cluster;

import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.cluster.catalogue.RunLog;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import io.vstack.engine.actor.LpPartition;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import io.vstack.model.FinalReport;
import io.vstack.model.XenMsg;
import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.lock.Lock;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.IdleScrub;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.toolstack.DeviceBackend;
import io.vstack.model.toolstack.ToolstackWorker;
import io.vstack.model.toolstack.Worker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import io.vstack.workload.autoscale.AutoscaleDriver;
import io.vstack.workload.fleet.FleetHostDriver;
import io.vstack.workload.vmtrace.TraceDriver;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The only classes the {@link WireSerializer} names on the wire, found by name before any class is loaded. Every
 * component declares its protocol next to it (records nested in its class), so the registry is built from the
 * components: every record or enum nested in one of {@link #OWNERS} that is a message ({@link #MESSAGES}) or a
 * value messages carry where their declared type is not concrete (a model message as an event's payload, a final
 * report), plus the few JDK values and collections those messages hold and Akka's actor references. A message
 * naming any other class is refused without loading it.
 */
final class WireTypes {

  /** The components whose nested records and enums are vstack's protocol. */
  static final List<Class<?>> OWNERS = List.of(PartitionCommand.class, ClockCoordinator.class, LpPartition.class,
      InlinePartition.class, NodeAgent.class, RunManager.class, CheckpointJournal.class, RunCatalogue.class,
      RunLog.class, Domain.class, Hypervisor.class, Lock.class, NumaNode.class, IdleScrub.class, Pcpu.class,
      DeviceBackend.class, ToolstackWorker.class, Worker.class, XenstoreCache.class, XenstoreShard.class,
      AutoscaleDriver.class, TraceDriver.class, FleetHostDriver.class);

  /** What a message sent between actors of different JVMs is: the types bound to the wire serializer. */
  static final List<Class<?>> MESSAGES = List.of(PartitionCommand.class, ClockCoordinator.Command.class,
      ClusterMessage.class);

  /** What else crosses inside a message as a value whose class the receiver cannot know from the field. */
  private static final List<Class<?>> VALUES = List.of(XenMsg.class, FinalReport.class);

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

  private static final WireTypes INSTANCE = new WireTypes();

  private final Map<String, Class<?>> messages;
  private final Map<String, Class<?>> values;

  private WireTypes() {
    Map<String, Class<?>> m = new TreeMap<>();
    Map<String, Class<?>> v = new TreeMap<>();
    for (Class<?> owner : OWNERS) {
      collect(owner, m, v);
    }
    this.messages = Collections.unmodifiableMap(m);
    this.values = Collections.unmodifiableMap(v);
  }

  static WireTypes get() {
    return INSTANCE;
  }

  private static void collect(Class<?> owner, Map<String, Class<?>> messages, Map<String, Class<?>> values) {
    for (Class<?> nested : owner.getDeclaredClasses()) {
      if (nested.isRecord() || nested.isEnum()) {
        if (MESSAGES.stream().anyMatch(root -> root.isAssignableFrom(nested))) {
          messages.put(nested.getName(), nested);
        }
        if (VALUES.stream().anyMatch(root -> root.isAssignableFrom(nested))) {
          values.put(nested.getName(), nested);
        }
      }
      collect(nested, messages, values);
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
