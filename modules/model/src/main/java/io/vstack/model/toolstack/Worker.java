package io.vstack.model.toolstack;

import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import java.util.List;
import java.util.Map;

/**
 * The protocol of a toolstack worker, whichever toolstack it belongs to (an xl process, {@link ToolstackWorker}, or
 * a xenopsd worker thread): the driver's pool hands it an operation ({@link Start}), it answers when the operation
 * is over ({@link OperationDone}), and it reports its final figures ({@link Report}).
 */
public final class Worker {
  private Worker() {
  }

  /** Runs {@code operation}; answers the sender's driver with {@link OperationDone}. */
  public record Start(Operation operation) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      Map<String, Object> f = TraceFields.of("op", operation.kind().name(), "guest", operation.guest());
      if (operation.shell() != null) {
        f.put("shell", operation.shell().domid());
      }
      return f;
    }
  }

  /** Internal: the CPU work, lock grant or sleep identified by {@code tag} is over. */
  record Resume(long tag) implements XenMsg {
  }

  /** Sent to the driver when an operation finished, successfully or not; {@code shell} is what a prepare made. */
  public record OperationDone(int worker, OperationResult result, Shell shell) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("op", result.operation().kind().name(), "guest", result.operation().guest(), "ok",
          result.ok());
    }
  }

  /**
   * Final state of a worker: idle or not, locks held, every operation finished; xl crashes that found it idle and
   * busy, the half-created or half-destroyed domains the next xl run cleaned up (always none for xenopsd), and the
   * transactions over several Xenstore shards it committed and those it aborted (a shard refused to prepare) and
   * retried.
   */
  public record Report(int index, boolean idle, boolean holdsLocks, List<OperationResult> history, int crashesIdle,
      int crashesBusy, int cleanedUp, int crossShardCommits, int crossShardAborts) implements FinalReport {
  }
}
