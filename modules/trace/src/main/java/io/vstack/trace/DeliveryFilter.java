package io.vstack.trace;

import io.vstack.model.Layout;

/**
 * A trace filter's delivery clauses (kinds, types, time window), with each process's kind looked up once: it is asked
 * on every delivery of a traced run, on the simulation's threads.
 */
final class DeliveryFilter {
  private final TraceFilter filter;
  private final Layout.Kind[] kinds;

  DeliveryFilter(Layout layout, TraceFilter filter) {
    this.filter = filter;
    this.kinds = layout.kinds();
  }

  boolean keeps(long time, int sender, int receiver, Object message) {
    return filter == TraceFilter.ALL || filter.keeps(time, kinds[sender].name(), kinds[receiver].name(), message);
  }
}
