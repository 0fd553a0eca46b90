package io.vstack.engine.hosted;

import io.vstack.engine.Model;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One member's instance of a model a {@link ModelFactory} built: the model, and what is read of it after a run.
 *
 * @param model     the model the member's partitions run
 * @param reports   the final report of a process hosted here (a wire value of the model's), null when it has none
 * @param recorders a recorder of the messages delivered here matching a trace filter spec; null: no traces
 */
public record HostedModel(Model model, IntFunction<Object> reports, Function<String, TraceRecording> recorders) {

  /** A model that records no traces. */
  public HostedModel(Model model, IntFunction<Object> reports) {
    this(model, reports, null);
  }

  /** The final report of process {@code id}, null when it has none. */
  public Object report(int id) {
    return reports.apply(id);
  }

  /** A recorder for trace filter spec {@code filter}, or null when this model records no traces. */
  public TraceRecording recorder(String filter) {
    return recorders == null ? null : recorders.apply(filter);
  }
}
