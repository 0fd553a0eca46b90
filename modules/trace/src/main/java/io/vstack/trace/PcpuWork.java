package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.pcpu.Pcpu;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each pCPU work item ran, rebuilt from a trace. The FIFO lane runs its Runs in arrival order, each from the
 * moment its {@code Finish} was scheduled until the Finish arrives (so a dom0 share's stretch is included); the
 * hypercall lane runs its Runs one after another from their arrival, each for its duration. A pCPU-offline fault
 * interrupts an item and leaves a stale Finish this pairing does not tell apart: spans after one are approximate.
 */
public record PcpuWork(List<Item> items, Map<Integer, Item> byFinish) {

  /**
   * One item: the trace index of its Run ({@code run}) and Finish ({@code finish}, -1 on the hypercall lane), when it
   * arrived, started and ended.
   */
  public record Item(int pcpu, boolean hypercall, String work, int guest, int run, int finish, long arrivedNs,
      long startNs, long endNs) {
  }

  public static PcpuWork of(TraceFile trace) {
    Layout layout = trace.layout();
    List<TraceRecord> records = trace.records();
    List<ArrayDeque<Integer>> queued = new ArrayList<>();
    long[] hypercallsUntil = new long[layout.pcpus()];
    for (int p = 0; p < layout.pcpus(); p++) {
      queued.add(new ArrayDeque<>());
    }
    List<Item> items = new ArrayList<>();
    Map<Integer, Item> byFinish = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      TraceRecord r = records.get(i);
      if (layout.kindOf(r.to()) != Layout.Kind.pcpu) {
        continue;
      }
      int p = layout.indexOf(r.to());
      if (r.is(Pcpu.Run.class) && "hypervisor".equals(r.fields().get("work"))) {
        long start = Math.max(r.time(), hypercallsUntil[p]);
        hypercallsUntil[p] = start + r.number("duration");
        items.add(new Item(p, true, "hypercall", r.guest(), i, -1, r.time(), start, hypercallsUntil[p]));
      } else if (r.is(Pcpu.Run.class)) {
        queued.get(p).add(i);
      } else if (r.is(Pcpu.Finish.class) && !queued.get(p).isEmpty()) {
        int runIndex = queued.get(p).poll();
        TraceRecord run = records.get(runIndex);
        Item item = new Item(p, false, String.valueOf(run.fields().get("work")), run.guest(), runIndex, i,
            run.time(), r.sent(), r.time());
        items.add(item);
        byFinish.put(i, item);
      }
    }
    return new PcpuWork(items, byFinish);
  }
}
