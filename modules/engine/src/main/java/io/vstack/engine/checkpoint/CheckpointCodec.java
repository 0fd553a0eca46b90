package io.vstack.engine.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Encodes a {@link Slice} (or other run state saved with it, such as a trace recorder's buffers) as compressed Java
 * serialization. Java serialization is used here, and only here,
 * because a slice holds arbitrary model objects (queues, trees, maps of records) that no schema describes; it
 * never crosses the network as a message (Akka's wire format stays Jackson). Decoding accepts only vstack's own
 * classes, the JDK's values and collections and HdrHistogram's histograms, so a tampered checkpoint cannot
 * instantiate anything else.
 */
public final class CheckpointCodec {
  private static final ObjectInputFilter ONLY_OURS = info -> {
    Class<?> type = info.serialClass();
    if (type == null) {
      return ObjectInputFilter.Status.UNDECIDED;
    }
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (allowed(type)) {
      return ObjectInputFilter.Status.ALLOWED;
    }
    throw new IllegalStateException("checkpoint holds " + type.getName() + ", which a checkpoint may not hold");
  };

  private static boolean allowed(Class<?> type) {
    String name = type.getName();
    return type.isPrimitive() || name.startsWith("io.vstack.") || name.startsWith("java.lang.")
        || name.startsWith("java.util.") || name.startsWith("java.time.") || name.startsWith("org.HdrHistogram.");
  }

  private CheckpointCodec() {
  }

  public static byte[] encode(Serializable state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(new DeflaterOutputStream(bytes,
        new Deflater(Deflater.BEST_SPEED), 1 << 16))) {
      out.writeObject(state);
    } catch (NotSerializableException e) {
      throw new IllegalStateException("cannot checkpoint: " + e.getMessage() + " is not serializable (every "
          + "process, everything it holds and every message must be)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot checkpoint", e);
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
    try (ObjectInputStream in = new ObjectInputStream(new InflaterInputStream(new ByteArrayInputStream(part)))) {
      in.setObjectInputFilter(ONLY_OURS);
      return type.cast(in.readObject());
    } catch (InvalidClassException e) {
      if (e.getCause() instanceof IllegalStateException refused) {
        throw new IllegalStateException(refused.getMessage(), e);
      }
      throw new IllegalStateException("checkpoint was written by a different vstack version: " + e.getMessage(), e);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("checkpoint is unreadable: " + e, e);
    }
  }
}
