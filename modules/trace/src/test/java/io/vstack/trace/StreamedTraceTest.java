package io.vstack.trace;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.EngineFailure;
import io.vstack.engine.checkpoint.Checkpoint;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.Layout;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.WorkloadDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** A sequential run's trace written while the run goes on, in chunks small enough that a storm makes many. */
public class StreamedTraceTest extends JUnitSuite {
  private static final int SMALL_CHUNK = 64;

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final Scenario storm = TracedRun.scenario("workload.guests=24", "toolstack.mode=parallel",
      "scrub.placement=local", "xenstore.cache=on");
  private final Layout layout = Layout.of(storm);
  private final Map<String, Object> header = TracedRun.header(storm);

  @Test
  public void aChunkOrdersEachTimesDeliveriesByReceiverKeepingEachReceiversOwnOrder() {
    DeliveryChunk chunk = new DeliveryChunk();
    int[][] timeAndReceiver = {{1, 5}, {1, 2}, {1, 5}, {1, 2}, {2, 0}, {3, 1}, {3, 0}, {3, 1}};
    for (int[] d : timeAndReceiver) {
      chunk.add(d[0], 0, 0, d[1], "m");
    }
    assertArrayEquals(new int[] {1, 3, 0, 2, 4, 6, 5, 7}, chunk.canonicalOrder());
  }

  @Test(timeout = 120_000)
  public void aTraceStreamedWhileTheRunGoesOnIsByteIdenticalToOneWrittenAfterIt() throws Exception {
    for (TraceFilter filter : List.of(TraceFilter.ALL, TraceFilter.parse("kind=pcpu,worker; guest=1,5; to=3s"))) {
      Path after = tmp.newFile().toPath();
      TraceRecorder recorder = new TraceRecorder(layout, filter);
      ScenarioRun.run(storm, new SequentialExecutor(), recorder);
      long records = TraceWriter.write(recorder, after, header);
      Path streamed = tmp.getRoot().toPath().resolve("streamed.jsonl.gz");
      Files.deleteIfExists(streamed);
      try (StreamedTrace trace = new StreamedTrace(layout, filter, false, streamed, header, SMALL_CHUNK)) {
        ScenarioRun.run(storm, new SequentialExecutor(), trace);
        assertEquals(records, trace.finish());
      }
      assertTrue(records > 10 * SMALL_CHUNK || filter != TraceFilter.ALL);
      assertArrayEquals(filter.toString(), Files.readAllBytes(after), Files.readAllBytes(streamed));
    }
  }

  @Test(timeout = 120_000)
  public void aRunResumedFromACheckpointOfAStreamedTraceWritesTheSameFileAsAnUninterruptedRun() throws Exception {
    Path whole = tmp.getRoot().toPath().resolve("whole.jsonl.gz");
    List<Checkpoint> checkpoints = new ArrayList<>();
    List<byte[]> saved = new ArrayList<>();
    try (StreamedTrace trace = new StreamedTrace(layout, TraceFilter.ALL, true, whole, header, SMALL_CHUNK)) {
      Checkpointing everyFewTimes = new Checkpointing(400, 0, checkpoint -> {
        checkpoints.add(checkpoint);
        saved.add(trace.save());
      }, null);
      ScenarioRun.run(storm, new SequentialExecutor(), trace, WorkloadDriver::new, everyFewTimes);
      trace.finish();
    }
    assertTrue(checkpoints.size() > 2);
    int middle = checkpoints.size() / 2;
    Path resumed = tmp.getRoot().toPath().resolve("resumed.jsonl.gz");
    try (RunTrace trace = RunTrace.resume(layout, TraceFilter.ALL, saved.get(middle), resumed, header)) {
      ScenarioRun.run(storm, new SequentialExecutor(), trace, WorkloadDriver::new,
          new Checkpointing(0, 0, checkpoint -> { }, checkpoints.get(middle)));
      trace.finish();
    }
    assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed));
  }

  @Test(timeout = 120_000)
  public void aRunThatFailsMidwayLeavesNoTraceRatherThanATruncatedOne() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path file = dir.resolve("trace.jsonl.gz");
    AtomicInteger delivered = new AtomicInteger();
    try (StreamedTrace trace = new StreamedTrace(layout, TraceFilter.ALL, false, file, header, SMALL_CHUNK)) {
      EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> ScenarioRun.run(storm,
          new SequentialExecutor(), (time, sent, sender, receiver, message) -> {
            trace.onDeliver(time, sent, sender, receiver, message);
            if (delivered.incrementAndGet() == 50 * SMALL_CHUNK) {
              throw new IllegalStateException("a handler failed");
            }
          }));
      assertTrue(failure.getMessage(), failure.getMessage().contains("a handler failed"));
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList());
    }
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("vstack-trace-writer")));
  }

  @Test(timeout = 60_000)
  public void aTraceThatCannotBeWrittenFailsItsFinishNamingTheFile() {
    Path nowhere = tmp.getRoot().toPath().resolve("missing").resolve("trace.jsonl.gz");
    try (StreamedTrace trace = new StreamedTrace(layout, TraceFilter.ALL, false, nowhere, header, SMALL_CHUNK)) {
      ScenarioRun.run(storm, new SequentialExecutor(), trace);
      CompletionException e = Assert.assertThrows(CompletionException.class, trace::finish);
      assertTrue(e.getMessage(), e.getMessage().contains("writing trace " + nowhere));
    }
  }
}
