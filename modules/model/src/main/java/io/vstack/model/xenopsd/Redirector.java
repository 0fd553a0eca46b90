package io.vstack.model.xenopsd;

import io.vstack.model.toolstack.Operation;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * xenopsd's per-VM queues (module Redirector in lib/xenops_server.ml): operations wait in submission order, urgent
 * ones ahead of the rest, and the next one handed to a free worker is the first whose VM has no operation in progress,
 * so a VM's operations run one at a time in order while different VMs' run in parallel.
 */
public final class Redirector implements Serializable {
  private final ArrayDeque<Operation> urgent = new ArrayDeque<>();
  private final ArrayDeque<Operation> queue = new ArrayDeque<>();
  private final TreeSet<Integer> inProgress = new TreeSet<>();

  /** Queues {@code op} behind the operations already queued (behind only the urgent ones if {@code first}). */
  public void push(Operation op, boolean first) {
    (first ? urgent : queue).add(op);
  }

  /** The next operation a free worker may run, its VM now in progress; null when every queued VM is busy. */
  public Operation next() {
    Operation op = take(urgent);
    if (op == null) {
      op = take(queue);
    }
    if (op != null) {
      inProgress.add(op.guest());
    }
    return op;
  }

  /** The operation on {@code guest} finished: its queue may be served again. */
  public void finished(int guest) {
    inProgress.remove(guest);
  }

  /** Operations queued and not started. */
  public int waiting() {
    return urgent.size() + queue.size();
  }

  private Operation take(ArrayDeque<Operation> from) {
    for (Iterator<Operation> it = from.iterator(); it.hasNext(); ) {
      Operation op = it.next();
      if (!inProgress.contains(op.guest())) {
        it.remove();
        return op;
      }
    }
    return null;
  }
}
