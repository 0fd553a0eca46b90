package io.vstack.engine.hosted;

import io.vstack.engine.DeliveryListener;
import java.io.IOException;
import java.nio.file.Path;

/** A member's recording of the messages its partitions delivered, written as a partial trace the client merges. */
public interface TraceRecording extends DeliveryListener {

  /** Writes what was recorded to {@code file}, in the format the model's trace merge reads. */
  void writePartial(Path file) throws IOException;
}
