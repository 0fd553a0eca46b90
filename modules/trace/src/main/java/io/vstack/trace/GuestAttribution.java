package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.toolstack.Worker;
import java.util.Arrays;

/**
 * Which guest a message concerns, decided in canonical trace order: its own {@code guest} field if it has one;
 * else the guest of the domain it goes to or comes from; else, for a toolstack worker's traffic, the guest of the
 * operation the worker is running (from the {@code Start} delivered to it until it reports the operation done).
 */
final class GuestAttribution {
  private final Layout.Kind[] kinds;
  private final int[] workerGuest;
  private final int firstWorker;
  private final int firstDomain;

  GuestAttribution(Layout layout) {
    this.kinds = layout.kinds();
    this.workerGuest = new int[layout.workers()];
    Arrays.fill(workerGuest, -1);
    this.firstWorker = layout.workers() == 0 ? 0 : layout.worker(0).id();
    this.firstDomain = layout.guests() == 0 ? 0 : layout.domain(0).id();
  }

  int of(TraceRecord r) {
    Layout.Kind to = kinds[r.to()];
    Layout.Kind from = kinds[r.from()];
    Object g = r.fields().get("guest");
    int guest;
    if (g instanceof Number n) {
      guest = n.intValue();
      if (to == Layout.Kind.worker && r.is(Worker.Start.class)) {
        workerGuest[r.to() - firstWorker] = guest;
      }
    } else if (to == Layout.Kind.domain) {
      guest = r.to() - firstDomain;
    } else if (from == Layout.Kind.domain) {
      guest = r.from() - firstDomain;
    } else if (to == Layout.Kind.worker) {
      guest = workerGuest[r.to() - firstWorker];
    } else if (from == Layout.Kind.worker) {
      guest = workerGuest[r.from() - firstWorker];
    } else {
      guest = -1;
    }
    if (r.is(Worker.OperationDone.class)) {
      workerGuest[r.from() - firstWorker] = -1;
    }
    return guest;
  }
}
