package io.vstack.trace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** The HTML trace report of a 4-guest storm: its waterfall, its critical-path summary, its escaping. */
public class HtmlReportTest extends JUnitSuite {

  @ClassRule
  public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path dir;
  private static String html;

  @BeforeClass
  public static void reportAStorm() throws Exception {
    dir = TMP.getRoot().toPath();
    TracedRun.runInto(TracedRun.scenario("workload.guests=4"), dir);
    Path report = dir.resolve("report.html");
    HtmlReport.write(TraceFile.read(dir), dir, report);
    html = Files.readString(report);
  }

  @Test
  public void theWaterfallHasOneRowPerGuestWithItsPhasesInOrder() {
    String svg = html.substring(html.indexOf("aria-label=\"boot-storm waterfall\""));
    svg = svg.substring(0, svg.indexOf("</svg>"));
    List<String> rows = new ArrayList<>();
    Matcher label = Pattern.compile("<text x=\"66\"[^>]*>(vm-\\d+)</text>").matcher(svg);
    while (label.find()) {
      rows.add(label.group(1));
    }
    assertEquals(List.of("vm-0", "vm-1", "vm-2", "vm-3"), rows);
    Map<String, List<String>> bars = new LinkedHashMap<>();
    Matcher title = Pattern.compile("<title>(vm-\\d+): ([a-z_ ]+) [0-9.]+-[0-9.]+ ms</title>").matcher(svg);
    while (title.find()) {
      bars.computeIfAbsent(title.group(1), k -> new ArrayList<>()).add(title.group(2));
    }
    List<String> phases = Phase.of(Operation.Kind.create).stream().map(Enum::name).toList();
    for (String guest : rows) {
      List<String> created = bars.get(guest).stream().filter(phases::contains).toList();
      assertEquals(phases.stream().filter(created::contains).toList(), created);
      assertTrue(created.containsAll(List.of("parse", "xl_lock", "populate", "build", "devices", "unpause")));
      List<String> all = bars.get(guest);
      assertTrue(all.indexOf("create") < all.indexOf("parse") && all.indexOf("unpause") < all.indexOf("kernel boot")
          && all.indexOf("kernel boot") < all.indexOf("destroy"));
    }
    assertTrue("lock waits are hatched", svg.contains("fill=\"url(#lockwait)\"><title>vm-"));
    assertTrue("the critical path is drawn", svg.contains("<title>critical path of vm-"));
  }

  @Test
  public void theCriticalPathSummaryComesBeforeThePath() {
    int summary = html.indexOf("Where the time went");
    int path = html.indexOf("<h3>The path</h3>");
    assertTrue(summary > 0 && path > summary);
    assertTrue(html.substring(summary, path).contains("pCPU work: guest"));
  }

  @Test
  public void everyTextFromTheTraceIsEscaped() throws Exception {
    TraceFile trace = TraceFile.read(dir);
    Map<String, Object> header = new LinkedHashMap<>(trace.header());
    header.put("scenario", "<script>&\"x\"");
    Path report = dir.resolve("escaped.html");
    HtmlReport.write(new TraceFile(header, trace.layout(), trace.records()), dir, report);
    String page = Files.readString(report);
    assertTrue(page.contains("Trace report: &lt;script&gt;&amp;&quot;x&quot;"));
    assertFalse(page.contains("<script>"));
  }
}
