package io.vstack.cluster;

import akka.actor.ExtendedActorSystem;
import akka.serialization.SerializerWithStringManifest;
import java.io.NotSerializableException;

/**
 * How engine and cluster messages cross JVMs and are journaled: in {@link WireCodec}'s format, with the message's
 * class name as the manifest. Java serialization is never used.
 */
public final class WireSerializer extends SerializerWithStringManifest {
  private final WireCodec codec;

  public WireSerializer(ExtendedActorSystem system) {
    this.codec = new WireCodec(system.settings().config(), system.dynamicAccess());
  }

  @Override
  public int identifier() {
    return 7_200_917;
  }

  /** The message's class name, as this serializer always wrote it: checkpoint journals written before still read. */
  @Override
  public String manifest(Object o) {
    return o.getClass().getName();
  }

  @Override
  public byte[] toBinary(Object o) {
    return codec.encode(o);
  }

  @Override
  public Object fromBinary(byte[] bytes, String name) throws NotSerializableException {
    return codec.decode(bytes, name);
  }
}
