package io.vstack.engine.hosted;

import io.vstack.engine.Model;

/** One member's instance of a model a {@link ModelFactory} built: the model, and what is read of it after a run. */
public interface HostedModel {

  /** The model the member's partitions run. */
  Model model();

  /** The final report of process {@code id} (hosted here), a wire value; null when it has none. */
  Object report(int id);

  /** A recorder of the messages delivered here, matching trace filter {@code filter}; null if untraced. */
  default TraceRecording recorder(String filter) {
    return null;
  }
}
