package io.vstack.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Each guest's life as spans of virtual time, from the lifecycle table: waiting for a worker, the create
 * operation with its phases nested in it (parse, xl lock, ... unpause), the kernel boot, waiting for a worker to
 * destroy it, and the destroy operation with its phases. A phase belongs to the operation whose columns enclose it.
 * {@code phases} names every phase the table has a column for, in column order, whether any guest went through it.
 */
public record GuestPhases(List<String> phases, List<Guest> guests) {

  /** One span; {@code depth} 0 is an operation or a wait, 1 a phase of the operation around it. */
  public record Span(String name, String op, int depth, long startNs, long endNs) {
  }

  /** One guest's spans, in time order (an operation before its phases). */
  public record Guest(int guest, String name, List<Span> spans) {
  }

  public static GuestPhases of(LifecycleTable table) {
    List<String> h = table.header();
    List<Guest> guests = new ArrayList<>();
    for (List<String> row : table.rows()) {
      List<Span> spans = new ArrayList<>();
      add(spans, table, row, "create queued", "create", 0, "create_requested_ms", "create_started_ms");
      operation(spans, table, row, "create", h.indexOf("create_started_ms"), h.indexOf("create_done_ms"));
      add(spans, table, row, "kernel boot", "create", 0, "create_done_ms", "running_ms");
      add(spans, table, row, "destroy queued", "destroy", 0, "destroy_requested_ms", "destroy_started_ms");
      operation(spans, table, row, "destroy", h.indexOf("destroy_started_ms"), h.indexOf("destroy_done_ms"));
      guests.add(new Guest(Integer.parseInt(row.get(h.indexOf("guest"))), row.get(h.indexOf("name")), spans));
    }
    List<String> phases = new ArrayList<>();
    for (String col : h) {
      if (col.endsWith("_start_ms")) {
        phases.add(col.substring(0, col.length() - "_start_ms".length()));
      }
    }
    return new GuestPhases(phases, guests);
  }

  private static void operation(List<Span> spans, LifecycleTable table, List<String> row, String op, int from,
      int to) {
    long start = LifecycleTable.nanos(row, from);
    long end = LifecycleTable.nanos(row, to);
    if (start < 0 || end < start) {
      return;
    }
    spans.add(new Span(op, op, 0, start, end));
    List<String> h = table.header();
    for (int c = from + 1; c < to; c++) {
      String col = h.get(c);
      if (col.endsWith("_start_ms")) {
        String phase = col.substring(0, col.length() - "_start_ms".length());
        long s = LifecycleTable.nanos(row, c);
        long e = table.nanos(row, phase + "_end_ms");
        if (s >= start && e >= s && e <= end) {
          spans.add(new Span(phase, op, 1, s, e));
        }
      }
    }
  }

  private static void add(List<Span> spans, LifecycleTable table, List<String> row, String name, String op,
      int depth, String from, String to) {
    long s = table.nanos(row, from);
    long e = table.nanos(row, to);
    if (s >= 0 && e >= s) {
      spans.add(new Span(name, op, depth, s, e));
    }
  }
}
