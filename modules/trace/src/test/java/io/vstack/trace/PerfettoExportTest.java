package io.vstack.trace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vstack.model.Layout;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Phase;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** The Perfetto export of a 4-guest storm, read back with Jackson as a trace viewer would. */
public class PerfettoExportTest extends JUnitSuite {

  @ClassRule
  public static final TemporaryFolder TMP = new TemporaryFolder();

  private static JsonNode events;
  private static Layout layout;

  @BeforeClass
  public static void exportAStorm() throws Exception {
    Path dir = TMP.getRoot().toPath();
    TracedRun.runInto(TracedRun.scenario("workload.guests=4"), dir);
    TraceFile trace = TraceFile.read(dir);
    layout = trace.layout();
    Path file = dir.resolve("trace.perfetto.json");
    PerfettoExport.write(trace, LifecycleTable.read(dir), file);
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertEquals("ms", root.path("displayTimeUnit").asText());
    events = root.path("traceEvents");
  }

  private record Slice(String name, double start, double end) {
  }

  @Test
  public void slicesNestProperlyOnEveryTrack() {
    Map<String, List<Slice>> tracks = new HashMap<>();
    for (JsonNode e : events) {
      if (e.path("ph").asText().equals("X")) {
        double ts = e.path("ts").asDouble();
        assertTrue(e.toString(), e.path("dur").asDouble() >= 0);
        tracks.computeIfAbsent(e.path("pid").asInt() + "/" + e.path("tid").asInt(), k -> new ArrayList<>())
            .add(new Slice(e.path("name").asText(), ts, ts + e.path("dur").asDouble()));
      }
    }
    double eps = 1e-6;
    for (Map.Entry<String, List<Slice>> track : tracks.entrySet()) {
      List<Slice> slices = track.getValue();
      slices.sort(Comparator.comparingDouble(Slice::start).thenComparing(Slice::end, Comparator.reverseOrder()));
      ArrayDeque<Slice> open = new ArrayDeque<>();
      for (Slice s : slices) {
        while (!open.isEmpty() && open.peek().end() <= s.start() + eps) {
          open.pop();
        }
        assertTrue(s + " overlaps " + open.peek() + " on track " + track.getKey(),
            open.isEmpty() || s.end() <= open.peek().end() + eps);
        open.push(s);
      }
    }
  }

  @Test
  public void aGuestsPhasesAppearInOrderOnItsOwnTrackAndItsWorkersNestedInTheOperation() {
    int guestTrack = layout.domain(2).id();
    List<String> names = new ArrayList<>();
    Set<String> workerSlices = new HashSet<>();
    for (JsonNode e : events) {
      if (e.path("ph").asText().equals("X") && e.path("cat").asText().equals("phase")) {
        if (e.path("tid").asInt() == guestTrack) {
          names.add(e.path("name").asText());
        } else if (e.path("args").path("guest").asInt(-1) == 2) {
          workerSlices.add(e.path("name").asText());
        }
      }
    }
    List<String> expected = new ArrayList<>(List.of("create queued", "create"));
    List<String> ranCreate = Phase.of(Operation.Kind.create).stream().map(Enum::name).filter(names::contains)
        .toList();
    expected.addAll(ranCreate);
    expected.add("kernel boot");
    assertEquals(expected, names.subList(0, expected.size()));
    assertTrue(ranCreate.containsAll(List.of("parse", "xl_lock", "domctl_create", "populate", "build", "devices",
        "unpause")));
    assertTrue(names.contains("destroy"));
    assertTrue(workerSlices.toString(), workerSlices.containsAll(List.of("create vm-2", "destroy vm-2", "parse")));
  }

  @Test
  public void noEventCarriesAGuestOfMinusOneAndLocksShardsAndCountersHaveTheirOwnEvents() {
    Set<String> categories = new HashSet<>();
    Set<String> counters = new HashSet<>();
    Map<Long, Integer> asyncOpen = new HashMap<>();
    Set<Long> flowStarts = new HashSet<>();
    Set<Long> flowEnds = new HashSet<>();
    for (JsonNode e : events) {
      assertFalse(e.toString(), e.path("args").has("guest") && e.path("args").path("guest").asInt() < 0);
      categories.add(e.path("cat").asText());
      switch (e.path("ph").asText()) {
        case "C" -> counters.add(e.path("name").asText());
        case "b" -> asyncOpen.merge(e.path("id").asLong(), 1, Integer::sum);
        case "e" -> asyncOpen.merge(e.path("id").asLong(), -1, Integer::sum);
        case "s" -> flowStarts.add(e.path("id").asLong());
        case "f" -> flowEnds.add(e.path("id").asLong());
        default -> {
        }
      }
    }
    assertTrue(categories.toString(), categories.containsAll(List.of("work", "phase", "lock-held", "lock-wait",
        "xenstore", "counter", "flow", "message")));
    assertTrue(counters.toString(), counters.containsAll(List.of("busy pCPUs", "creations waiting for a worker",
        "creations in progress", "node-0 pages allocated to guests", "node-0 dirty pages")));
    assertTrue(asyncOpen.values().stream().allMatch(v -> v == 0));
    assertEquals(flowStarts, flowEnds);
  }
}
