package io.vstack.engine.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Encodes a {@link Slice} (or other run state saved with it, such as a trace recorder's buffers or a run's plan) as
 * compressed CBOR of every field ({@link StateMapper}). A slice holds arbitrary model objects (queues, trees, maps of
 * records) that no schema describes, and it crosses the network: partitions send theirs to the coordinator, the
 * client stores them, and a resumed run sends them back to the members. So decoding never uses Java
 * serialization, and names only vstack's own classes and the JDK's values and collections; a tampered checkpoint
 * cannot instantiate anything else.
 */
public final class CheckpointCodec {
  private static final ObjectMapper MAPPER = StateMapper.create();

  private CheckpointCodec() {
  }

  public static byte[] encode(Serializable state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
      MAPPER.writerFor(Object.class).writeValue(out, state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot checkpoint: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /** {@link #encode}, failing with the reason if the result is longer than {@code maxBytes}. */
  public static byte[] encode(Slice slice, int partition, long maxBytes) {
    byte[] part = encode(slice);
    if (part.length > maxBytes) {
      throw new IllegalStateException(String.format("partition %d's checkpoint is %.1f MiB, over the limit of %.1f "
          + "MiB set for this run", partition, part.length / 1048576.0, maxBytes / 1048576.0));
    }
    return part;
  }

  public static Slice decode(byte[] part) {
    return decode(part, Slice.class);
  }

  public static <T> T decode(byte[] part, Class<T> type) {
    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(part))) {
      return type.cast(MAPPER.readerFor(Object.class).readValue(in));
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("checkpoint is unreadable (tampered with, or written by a different vstack "
          + "version): " + e.getMessage(), e);
    }
  }
}
