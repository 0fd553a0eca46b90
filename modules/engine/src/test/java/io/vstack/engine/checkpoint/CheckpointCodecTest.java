package io.vstack.engine.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.vstack.engine.CraftedTypeIds;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.RunSpec;
import io.vstack.engine.phold.Phold;
import io.vstack.engine.sequential.SequentialExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * A checkpoint crosses the network (members to the client and back on a resume), so decoding one is reading data,
 * never running code: a crafted checkpoint naming a class that is not saved state is refused before that class is
 * loaded, and the Java-serialized checkpoints of earlier versions are not read at all.
 */
public class CheckpointCodecTest extends JUnitSuite {
  private static final Phold PHOLD = new Phold(20, 100, 100, 2);
  private static final String GADGET = "io.vstack.engine.checkpoint.CheckpointCodecTest$Gadget";
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  /** Set by {@link Gadget}'s static initializer: whether anything ever initialized it. */
  static final AtomicBoolean GADGET_INITIALIZED = new AtomicBoolean();

  /** A vstack class a crafted checkpoint might name: not saved state (not {@link Serializable}). */
  public static final class Gadget {
    static {
      GADGET_INITIALIZED.set(true);
    }
  }

  private static byte[] aSlice() {
    List<Checkpoint> taken = new ArrayList<>();
    new SequentialExecutor().run(PHOLD, new RunSpec(3, PHOLD.horizonFor(2_000)), DeliveryListener.NONE,
        new Checkpointing(5, 0, taken::add, null));
    return taken.get(0).parts().get(0);
  }

  @Test
  public void aSliceDecodesToWhatWasSaved() {
    byte[] part = aSlice();
    Slice slice = CheckpointCodec.decode(part);
    assertEquals(PHOLD.processCount(), slice.processes().size());
    assertTrue(slice.pending() > 0);
    assertEquals(Phold.Process.class, slice.processes().get(0).process().getClass());
    assertEquals(Phold.Ball.class, slice.payload()[0].getClass());
  }

  @Test
  public void aCheckpointNamingAClassThatIsNotSavedStateIsRefusedBeforeItIsLoaded() throws Exception {
    byte[] part = aSlice();
    for (String type : List.of(GADGET, "java.net.URL", "java.util.concurrent.atomic.AtomicLong",
        "com.sun.rowset.JdbcRowSetImpl", "org.apache.commons.collections.functors.InvokerTransformer",
        "io.vstack.engine.checkpoint.NoSuchClass")) {
      JsonNode tree = CBOR.readTree(inflate(part));
      assertTrue(tree.toString(), CraftedTypeIds.rename(tree, Phold.Process.class.getName(), type));
      byte[] crafted = deflate(CBOR.writeValueAsBytes(tree));
      IllegalStateException refused = Assert.assertThrows(type, IllegalStateException.class,
          () -> CheckpointCodec.decode(crafted));
      assertTrue(refused.getMessage(), refused.getMessage().startsWith("checkpoint is unreadable")
          && refused.getMessage().contains("'" + type + "'"));
    }
    assertFalse("the gadget class was initialized", GADGET_INITIALIZED.get());
  }

  @Test
  public void aJavaSerializedCheckpointIsNotRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeObject(new Slice(List.of(), new long[0], new long[0], new long[0], new int[0], new Object[0]));
    }
    IllegalStateException refused = Assert.assertThrows(IllegalStateException.class,
        () -> CheckpointCodec.decode(bytes.toByteArray()));
    assertTrue(refused.getMessage(), refused.getMessage().startsWith("checkpoint is unreadable"));
  }

  private static byte[] inflate(byte[] part) throws IOException {
    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(part))) {
      return in.readAllBytes();
    }
  }

  private static byte[] deflate(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }
}
