package io.vstack.engine.checkpoint;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.ObjectIdGenerators;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.annotation.SimpleObjectIdResolver;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.introspect.ObjectIdInfo;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.util.Set;

/**
 * The Jackson mapper behind {@link CheckpointCodec}: every field of the saved objects as CBOR, with class names where
 * a field's declared type does not fix the class (a process behind its interface, a message as an event's payload,
 * a collection). Decoding restores what Java serialization would (objects built without running their
 * constructors, shared objects shared again), but names only vstack's own {@link Serializable} classes and a fixed
 * list of JDK values and collections: a crafted checkpoint naming anything else is refused before that class is
 * loaded or instantiated.
 */
final class StateMapper {
  private static final String VSTACK = "io.vstack.";

  /** The JDK classes saved state holds behind an interface or Object: values, collections and their arrays. */
  private static final Set<String> JDK = Set.of("java.lang.Object", "java.lang.String", "java.lang.Integer",
      "java.lang.Long", "java.lang.Boolean", "java.lang.Double", "java.util.ArrayList", "java.util.LinkedList",
      "java.util.ArrayDeque", "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
      "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
      "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
      "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Arrays$ArrayList");

  /** Element types of primitive arrays, as the JVM names them ([J is a long[]). */
  private static final String PRIMITIVES = "JIZBDSCF";

  private StateMapper() {
  }

  static ObjectMapper create() {
    SimpleModule state = new SimpleModule("vstack-state")
        .setDeserializerModifier(new WithoutConstructors())
        .setSerializerModifier(new OnlySerializable());
    return new ObjectMapper(new CBORFactory())
        .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .setAnnotationIntrospector(new SharedObjects())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
        .registerModule(state)
        .activateDefaultTyping(new OnlyState(), ObjectMapper.DefaultTyping.NON_FINAL, JsonTypeInfo.As.WRAPPER_ARRAY);
  }

  /** vstack's own classes, saved field by field. */
  private static boolean isState(Class<?> type) {
    return type.getName().startsWith(VSTACK) && !type.isRecord() && !type.isEnum() && !type.isInterface();
  }

  /**
   * Decides before Jackson loads a class: a JDK class by its name, a vstack class by whether it is
   * {@link Serializable} (looked up without running its static initializer).
   */
  private static final class OnlyState extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String name) {
      String element = name;
      while (element.startsWith("[")) {
        element = element.substring(1);
      }
      if (element.length() == 1 && name.length() > 1) {
        return PRIMITIVES.contains(element) ? Validity.ALLOWED : Validity.DENIED;
      }
      if (element.startsWith("L") && element.endsWith(";") && name.startsWith("[")) {
        element = element.substring(1, element.length() - 1);
      }
      if (JDK.contains(element)) {
        return Validity.ALLOWED;
      }
      return element.startsWith(VSTACK) && serializable(element) ? Validity.ALLOWED : Validity.DENIED;
    }

    /** Whether vstack class {@code name} is saved state; loads it without initializing it to find out. */
    private static boolean serializable(String name) {
      try {
        return Serializable.class.isAssignableFrom(Class.forName(name, false, StateMapper.class.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
  }

  /** Objects of vstack's classes keep their identity: one shared by two others is shared again once decoded. */
  private static final class SharedObjects extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public ObjectIdInfo findObjectIdInfo(Annotated ann) {
      if (ann instanceof AnnotatedClass c && isState(c.getRawType())) {
        return new ObjectIdInfo(PropertyName.construct("@ref"), Object.class,
            ObjectIdGenerators.IntSequenceGenerator.class, SimpleObjectIdResolver.class);
      }
      return super.findObjectIdInfo(ann);
    }
  }

  /**
   * vstack's classes are rebuilt as Java serialization rebuilds them: allocated without running a constructor of
   * theirs, then every saved field set, so a constructor's side effects and defaults never mix with saved state.
   */
  private static final class WithoutConstructors extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
        BeanDeserializerBuilder builder) {
      if (isState(description.getBeanClass())) {
        builder.setValueInstantiator(new Allocator(description.getType()));
      }
      return builder;
    }
  }

  /**
   * Allocates through the JDK's {@code ReflectionFactory} (module jdk.unsupported, kept for exactly this by the
   * JDK): the constructor Java serialization itself uses, which runs only {@code Object}'s.
   */
  private static final class Allocator extends ValueInstantiator.Base {
    private static final long serialVersionUID = 1L;
    private final transient Constructor<?> allocate;

    Allocator(JavaType type) {
      super(type);
      try {
        allocate = sun.reflect.ReflectionFactory.getReflectionFactory().newConstructorForSerialization(
            type.getRawClass(), Object.class.getDeclaredConstructor());
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean canCreateUsingDefault() {
      return true;
    }

    @Override
    public Object createUsingDefault(DeserializationContext context) throws IOException {
      try {
        return allocate.newInstance();
      } catch (ReflectiveOperationException e) {
        return context.handleInstantiationProblem(getValueClass(), null, e);
      }
    }
  }

  /**
   * Saved state is what Java serialization could save, as when it was the format: a value of a class that is not
   * {@link Serializable} fails the checkpoint, naming the class, instead of being saved in part.
   */
  private static final class OnlySerializable extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
        JsonSerializer<?> serializer) {
      Class<?> type = description.getBeanClass();
      return type.isPrimitive() || Serializable.class.isAssignableFrom(type) ? serializer : new Refused(type);
    }
  }

  private static final class Refused extends StdSerializer<Object> {
    private static final long serialVersionUID = 1L;

    Refused(Class<?> type) {
      super(type, false);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      throw JsonMappingException.from(gen, handledType().getName() + " is not serializable (every process, "
          + "everything it holds and every message must be)");
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
        TypeSerializer types) throws IOException {
      serialize(value, gen, provider);
    }
  }
}
