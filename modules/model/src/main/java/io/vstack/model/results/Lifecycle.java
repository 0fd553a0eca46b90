package io.vstack.model.results;

import io.vstack.model.domain.Domain;
import io.vstack.model.host.FinalState;
import io.vstack.model.host.XenModel;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-VM lifecycle table: one row per guest with its create and destroy requests, each phase's start and
 * end, when it ran, and how each operation ended. Times are virtual milliseconds with microsecond precision;
 * an empty cell means the step did not happen.
 */
public final class Lifecycle {
  private Lifecycle() {
  }

  public static List<String> header() {
    List<String> h = new ArrayList<>(List.of("guest", "name", "domid", "state", "create_requested_ms",
        "create_started_ms"));
    for (Phase p : Phase.of(Operation.Kind.create)) {
      h.add(p.name() + "_start_ms");
      h.add(p.name() + "_end_ms");
    }
    h.addAll(List.of("create_done_ms", "running_ms", "create_outcome", "create_retries", "destroy_requested_ms",
        "destroy_started_ms"));
    for (Phase p : Phase.of(Operation.Kind.destroy)) {
      h.add(p.name() + "_start_ms");
      h.add(p.name() + "_end_ms");
    }
    h.addAll(List.of("destroy_done_ms", "destroy_outcome"));
    return h;
  }

  public static List<List<String>> rows(XenModel model) {
    return rows(model.finalState());
  }

  public static List<List<String>> rows(FinalState state) {
    int guests = state.layout().guests();
    OperationResult[] creates = new OperationResult[guests];
    OperationResult[] destroys = new OperationResult[guests];
    for (OperationResult r : RunSummary.operations(state)) {
      (r.operation().kind() == Operation.Kind.create ? creates : destroys)[r.operation().guest()] = r;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int g = 0; g < guests; g++) {
      Domain.Report d = state.domain(g);
      OperationResult c = creates[g];
      OperationResult x = destroys[g];
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(g));
      row.add(c == null ? "" : c.operation().name());
      row.add(d.domid() == 0 ? "" : Integer.toString(d.domid()));
      row.add(d.state().name());
      addOperation(row, c, Phase.of(Operation.Kind.create));
      row.add(c == null ? "" : ms(c.finishedAt()));
      row.add(d.runningAt() < 0 ? "" : ms(d.runningAt()));
      row.add(outcome(c));
      row.add(c == null ? "" : Integer.toString(c.retries()));
      addOperation(row, x, Phase.of(Operation.Kind.destroy));
      row.add(x == null ? "" : ms(x.finishedAt()));
      row.add(outcome(x));
      rows.add(row);
    }
    return rows;
  }

  private static void addOperation(List<String> row, OperationResult r, List<Phase> phases) {
    row.add(r == null ? "" : ms(r.operation().requestedAt()));
    row.add(r == null ? "" : ms(r.startedAt()));
    for (Phase p : phases) {
      row.add(r == null || r.phaseStart()[p.ordinal()] < 0 ? "" : ms(r.phaseStart()[p.ordinal()]));
      row.add(r == null || r.phaseEnd()[p.ordinal()] < 0 ? "" : ms(r.phaseEnd()[p.ordinal()]));
    }
  }

  private static String outcome(OperationResult r) {
    return r == null ? "" : r.ok() ? "ok" : "failed: " + r.failure();
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
