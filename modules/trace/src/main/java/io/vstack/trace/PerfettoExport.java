package io.vstack.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vstack.model.Layout;
import io.vstack.model.pcpu.Pcpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Exports a trace as Chrome Trace Event JSON, which ui.perfetto.dev and chrome://tracing open: one process per
 * component kind and one thread (track) per component; each pCPU's work items as complete ({@code X}) events
 * (a FIFO pCPU runs the Runs it received in order, each ending at its Finish); every other message as an instant
 * event on its receiver's track (a hypercall, which runs on the pCPU's hypercall lane, is drawn from its arrival);
 * and a flow ({@code s}/{@code f} sharing an {@code id}) from sender to receiver
 * for every message between two components. Times are in microseconds; events are sorted by time.
 */
public final class PerfettoExport {
  private PerfettoExport() {
  }

  private record Event(double ts, String json) {
  }

  public static void write(TraceFile trace, Path file) {
    Layout layout = trace.layout();
    List<Event> events = new ArrayList<>();
    List<ArrayDeque<TraceRecord>> runs = new ArrayList<>();
    for (int p = 0; p < layout.pcpus(); p++) {
      runs.add(new ArrayDeque<>());
    }
    long flow = 0;
    for (TraceRecord r : trace.records()) {
      Layout.Kind to = layout.kindOf(r.to());
      int pid = to.ordinal() + 1;
      if (to == Layout.Kind.pcpu && r.is(Pcpu.Run.class) && "hypervisor".equals(r.fields().get("work"))) {
        events.add(new Event(us(r.time()), String.format(Locale.ROOT, "{\"name\":\"hypercall\",\"cat\":\"work\","
            + "\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%d,\"tid\":%d,\"args\":{\"guest\":%d}}", us(r.time()),
            us(r.number("duration")), pid, r.to(), r.guest())));
      } else if (to == Layout.Kind.pcpu && r.is(Pcpu.Run.class)) {
        runs.get(layout.indexOf(r.to())).add(r);
      } else if (to == Layout.Kind.pcpu && r.is(Pcpu.Finish.class)) {
        TraceRecord run = runs.get(layout.indexOf(r.to())).poll();
        if (run != null) {
          long dur = run.number("duration");
          events.add(new Event(us(r.time() - dur), String.format(Locale.ROOT, "{\"name\":\"%s\",\"cat\":\"work\","
                  + "\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%d,\"tid\":%d,\"args\":{\"guest\":%d}}",
              run.fields().get("work"), us(r.time() - dur), us(dur), pid, r.to(), run.guest())));
        }
      } else if (r.from() != r.to()) {
        events.add(new Event(us(r.time()), String.format(Locale.ROOT, "{\"name\":\"%s\",\"cat\":\"message\","
                + "\"ph\":\"i\",\"s\":\"t\",\"ts\":%.3f,\"pid\":%d,\"tid\":%d,\"args\":{\"guest\":%d}}", r.type(),
            us(r.time()), pid, r.to(), r.guest())));
      }
      if (r.from() != r.to()) {
        flow++;
        int fromPid = layout.kindOf(r.from()).ordinal() + 1;
        events.add(new Event(us(r.sent()), String.format(Locale.ROOT, "{\"name\":\"%s\",\"cat\":\"flow\","
            + "\"ph\":\"s\",\"id\":%d,\"ts\":%.3f,\"pid\":%d,\"tid\":%d}", r.type(), flow, us(r.sent()), fromPid,
            r.from())));
        events.add(new Event(us(r.time()), String.format(Locale.ROOT, "{\"name\":\"%s\",\"cat\":\"flow\","
                + "\"ph\":\"f\",\"bp\":\"e\",\"id\":%d,\"ts\":%.3f,\"pid\":%d,\"tid\":%d}", r.type(), flow,
            us(r.time()), pid, r.to())));
      }
    }
    events.sort(Comparator.comparingDouble(Event::ts));
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("displayTimeUnit", "ms");
      json.writeArrayFieldStart("traceEvents");
      for (Layout.Kind kind : Layout.Kind.values()) {
        json.writeRawValue(String.format(Locale.ROOT, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,"
            + "\"args\":{\"name\":\"%s\"}}", kind.ordinal() + 1, kind.name()));
      }
      for (int id = 0; id < layout.lpCount(); id++) {
        json.writeRawValue(String.format(Locale.ROOT, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,"
                + "\"tid\":%d,\"args\":{\"name\":\"%s\"}}", layout.kindOf(id).ordinal() + 1, id,
            CriticalPath.name(layout, id)));
      }
      for (Event e : events) {
        json.writeRawValue(e.json());
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  private static double us(long ns) {
    return ns / 1e3;
  }
}
