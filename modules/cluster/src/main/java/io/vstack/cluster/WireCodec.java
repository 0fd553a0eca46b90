package io.vstack.cluster;

import akka.actor.DynamicAccess;
import akka.actor.ReflectiveDynamicAccess;
import akka.serialization.jackson.JacksonObjectMapperFactory;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.typesafe.config.Config;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.core.EventBuffer;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.window.ClockCoordinator;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import scala.Option;

/**
 * vstack's wire format in one place: what {@link WireSerializer} writes and reads inside an ActorSystem, and what a
 * reader of the journal decodes without starting one ({@link #withoutActorSystem}), so the two cannot drift. Jackson
 * with the settings of Akka's {@code jackson-cbor} binding, built by Akka's own mapper factory from the
 * configuration, plus class names for every value whose declared type is not concrete (an {@code Object} payload, a
 * {@code XenMsg} callback). Only the classes {@link WireTypes} lists are named, as the message's manifest or inside
 * it: bytes naming any other class are refused before that class is even loaded. Actor refs go through Akka's
 * Jackson module. Without a {@code JsonFactory} Akka's factory builds a JSON mapper, and that is what every journal
 * and cluster so far has written, so it stays the format.
 */
public final class WireCodec {
  private static final String BINDING = "jackson-cbor";

  /** A batch's events as arrays. */
  record BatchWire(EventBuffer.Wire events) {
  }

  /** A failure reduced to its message: exceptions do not cross the wire, their descriptions do. */
  record FailedWire(int partition, String message) {
  }

  /** Decides by name alone, so a class that is not on the list is never loaded, let alone instantiated. */
  private static final class OnlyWireTypes extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
      return WireTypes.get().allowsValue(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
      return validateSubClassName(config, baseType, subType.getRawClass().getName());
    }
  }

  private final ObjectMapper mapper;

  /** The codec of an ActorSystem with configuration {@code config}, loading Jackson modules through {@code access}. */
  WireCodec(Config config, DynamicAccess access) {
    ObjectMapper base = JacksonObjectMapperProvider.createObjectMapper(BINDING, Option.empty(),
        new JacksonObjectMapperFactory(), JacksonObjectMapperProvider.configForBinding(BINDING, config), access,
        Option.empty());
    this.mapper = base
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .activateDefaultTyping(new OnlyWireTypes(), ObjectMapper.DefaultTyping.NON_CONCRETE_AND_ARRAYS);
  }

  /** The same codec for a process that reads what an ActorSystem with {@code config} wrote, without starting one. */
  public static WireCodec withoutActorSystem(Config config) {
    return new WireCodec(config, new ReflectiveDynamicAccess(WireCodec.class.getClassLoader()));
  }

  byte[] encode(Object o) {
    Object wire = o;
    if (o instanceof InlinePartition.Batch b) {
      wire = new BatchWire(b.events().wire());
    } else if (o instanceof ClockCoordinator.Failed f) {
      wire = new FailedWire(f.partition(), f.cause().getMessage());
    }
    try {
      return mapper.writeValueAsBytes(wire);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + o.getClass().getName(), e);
    }
  }

  /** The message of class {@code name} (its manifest) in {@code bytes}; any other name is refused unread. */
  public Object decode(byte[] bytes, String name) throws NotSerializableException {
    Class<?> manifest = WireTypes.get().message(name);
    if (manifest == null) {
      throw new NotSerializableException("refused a message of type " + name + ": not a vstack message type");
    }
    try {
      if (manifest == InlinePartition.Batch.class) {
        return new InlinePartition.Batch(EventBuffer.of(mapper.readValue(bytes, BatchWire.class).events()));
      }
      if (manifest == ClockCoordinator.Failed.class) {
        FailedWire f = mapper.readValue(bytes, FailedWire.class);
        return new ClockCoordinator.Failed(f.partition(), new EngineFailure(f.message(), null));
      }
      return mapper.readValue(bytes, manifest);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot deserialize " + name + ": " + e.getMessage(), e);
    }
  }
}
