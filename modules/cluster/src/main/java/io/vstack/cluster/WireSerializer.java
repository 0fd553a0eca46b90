package io.vstack.cluster;

import akka.actor.ExtendedActorSystem;
import akka.serialization.JSerializer;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.core.EventBuffer;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.window.ClockCoordinator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * How engine and cluster messages cross JVMs: Jackson CBOR with class names for every value whose declared type is
 * not concrete (an {@code Object} payload, a {@code XenMsg} callback), restricted to vstack's own classes and plain
 * JDK collections. Actor refs go through Akka's Jackson module. Java serialization is never used.
 */
public final class WireSerializer extends JSerializer {

  /** A batch's events as arrays. */
  record BatchWire(EventBuffer.Wire events) {
  }

  /** A failure reduced to its message: exceptions do not cross the wire, their descriptions do. */
  record FailedWire(int partition, String message) {
  }

  private final ObjectMapper mapper;

  public WireSerializer(ExtendedActorSystem system) {
    ObjectMapper base = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-cbor", Optional.empty());
    this.mapper = base.copy()
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .activateDefaultTyping(BasicPolymorphicTypeValidator.builder()
            .allowIfSubType("io.vstack.")
            .allowIfSubType("java.util.")
            .allowIfSubType("java.lang.")
            .allowIfSubType("akka.")
            .allowIfSubTypeIsArray()
            .build(), ObjectMapper.DefaultTyping.NON_CONCRETE_AND_ARRAYS);
  }

  @Override
  public int identifier() {
    return 7_200_917;
  }

  @Override
  public boolean includeManifest() {
    return true;
  }

  @Override
  public byte[] toBinary(Object o) {
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

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
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
      throw new UncheckedIOException("cannot deserialize " + manifest.getName(), e);
    }
  }
}
