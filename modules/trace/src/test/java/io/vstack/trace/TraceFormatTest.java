package io.vstack.trace;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import io.vstack.model.Layout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class TraceFormatTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource EIGHT_THREADS =
      new TestKitJunitResource(ExecutorsUnderTest.threads(8));

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final Scenario scenario = TracedRun.scenario("workload.guests=6", "toolstack.mode=parallel",
      "scrub.placement=local", "xenstore.cache=on");

  @Test(timeout = 60_000)
  public void aTraceReadsBackWithEveryDeliveredMessageInCanonicalOrder() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("t.jsonl.gz");
    ScenarioRun run = TracedRun.run(scenario, new SequentialExecutor(), TraceFilter.ALL, file);
    TraceFile trace = TraceFile.read(file);
    assertEquals(run.result().events(), trace.records().size());
    assertEquals("vstack-trace", trace.header().get("format"));
    assertEquals(6, trace.layout().guests());
    TraceRecord previous = null;
    for (TraceRecord r : trace.records()) {
      assertTrue(r.sent() <= r.time());
      if (previous != null) {
        assertTrue(previous.time() < r.time() || (previous.time() == r.time() && previous.to() <= r.to()));
      }
      previous = r;
    }
    TraceRecord start = trace.records().stream().filter(r -> r.type().equals("Worker.Start")).findFirst()
        .orElseThrow();
    assertEquals("create", start.fields().get("op"));
    assertEquals(start.number("guest"), start.guest());
  }

  @Test(timeout = 120_000)
  public void theTraceFileIsByteIdenticalOnEveryExecutorAndThreadCount() throws Exception {
    Path a = tmp.getRoot().toPath().resolve("seq.jsonl.gz");
    Path b = tmp.getRoot().toPath().resolve("actor.jsonl.gz");
    Path c = tmp.getRoot().toPath().resolve("part.jsonl.gz");
    TracedRun.run(scenario, new SequentialExecutor(), TraceFilter.ALL, a);
    TracedRun.run(scenario, new ActorExecutor(EIGHT_THREADS.system(), 8), TraceFilter.ALL, b);
    TracedRun.run(scenario, new PartitionedExecutor(EIGHT_THREADS.system(), 3), TraceFilter.ALL, c);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c));
  }

  @Test(timeout = 60_000)
  public void filtersKeepOnlyTheChosenKindsTypesGuestsAndWindow() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("f.jsonl.gz");
    TracedRun.run(scenario, new SequentialExecutor(), TraceFilter.parse("kind=pcpu; guest=2; to=2s"), file);
    TraceFile trace = TraceFile.read(file);
    assertTrue(trace.records().size() > 0);
    for (TraceRecord r : trace.records()) {
      assertEquals(2, r.guest());
      assertTrue(r.time() < 2_000_000_000L);
      assertTrue(trace.layout().kindOf(r.to()).name().equals("pcpu")
          || trace.layout().kindOf(r.from()).name().equals("pcpu"));
    }
  }

  @Test
  public void aBadFilterIsRejectedWithTheAllowedKeys() {
    IllegalArgumentException e = Assert.assertThrows(IllegalArgumentException.class,
        () -> TraceFilter.parse("colour=red"));
    assertEquals("trace filter key 'colour' is not one of kind, type, guest, from, to", e.getMessage());
    Assert.assertThrows(IllegalArgumentException.class, () -> TraceFilter.parse("kind=gpu"));
    Assert.assertThrows(IllegalArgumentException.class, () -> TraceFilter.parse("from=12"));
  }

  @Test(timeout = 60_000)
  public void aTruncatedForeignOrMissingFileIsAClearError() throws Exception {
    Path good = tmp.getRoot().toPath().resolve("good.jsonl.gz");
    TracedRun.run(scenario, new SequentialExecutor(), TraceFilter.ALL, good);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = tmp.getRoot().toPath().resolve("truncated.jsonl.gz");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertMessage(truncated, "truncated");
    Path foreign = tmp.getRoot().toPath().resolve("foreign.txt");
    Files.writeString(foreign, "hello, I am not a trace\n");
    assertMessage(foreign, "not a vstack trace (not gzip-compressed)");
    Path otherJson = tmp.getRoot().toPath().resolve("other.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(otherJson))) {
      out.write("{\"format\":\"something-else\"}\n".getBytes());
    }
    assertMessage(otherJson, "not a vstack trace (header format/version is not vstack-trace/1)");
    assertMessage(tmp.getRoot().toPath().resolve("missing"), "no trace here");
  }

  private static void assertMessage(Path file, String expected) {
    TraceFile.BadTrace e = Assert.assertThrows(TraceFile.BadTrace.class, () -> TraceFile.read(file));
    assertTrue(e.getMessage(), e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected));
  }

  @Test(timeout = 60_000)
  public void aDiskThatFillsUpWhileATraceIsWrittenIsReportedAsSuchNotAsSelfSuppression() throws Exception {
    Scenario storm = TracedRun.scenario("workload.guests=16");
    TraceRecorder recorder = new TraceRecorder(Layout.of(storm), TraceFilter.ALL);
    ScenarioRun.run(storm, new SequentialExecutor(), recorder);
    OutputStream fillsUp = new OutputStream() {
      private long room = 64 * 1024;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        room -= len;
        if (room < 0) {
          throw new IOException("No space left on device");
        }
      }
    };
    IOException e = Assert.assertThrows(IOException.class, () -> TraceWriter.write(recorder.layout(),
        recorder.filter(), TraceWriter.records(recorder), fillsUp, Map.of()));
    assertEquals("No space left on device", e.getMessage());
  }
}
