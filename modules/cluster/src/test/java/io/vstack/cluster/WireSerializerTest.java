package io.vstack.cluster;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.core.EventBuffer;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import io.vstack.model.FinalReport;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.experiment.ControlPlane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class WireSerializerTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource TEST_KIT = new TestKitJunitResource(
      "akka.actor.provider = cluster\nakka.remote.artery.canonical.port = 0\n"
          + "akka.remote.artery.canonical.hostname = 127.0.0.1");

  /** Serializes, deserializes and serializes again, as remoting would (with the system's transport info). */
  private static byte[][] twice(Serialization serialization, Object message) throws Exception {
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals(message.getClass().getName(), WireSerializer.class, serializer.getClass());
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), message.getClass().getName()).get();
    assertEquals(message.getClass(), back.getClass());
    return new byte[][] {bytes, serialization.serialize(back).get()};
  }

  @Test(timeout = 60_000)
  public void everyModelMessageCrossesTheWireInsideABatchUnchanged() throws Exception {
    Map<String, Object> samples = new TreeMap<>();
    DeliveryListener collect = (time, sent, sender, receiver, message) ->
        samples.putIfAbsent(message.getClass().getName(), message);
    Scenario s = Scenario.load(Path.of("../../conf"), null, new ArrayList<>(List.of("workload.guests=3",
        "xenstore.cache=on", "scrub.placement=local")));
    ScenarioRun.run(s, new SequentialExecutor(), collect);
    ScenarioRun.run(s.with(s.switches().withFixes(false, false, false)), new SequentialExecutor(), collect);
    int paperOnly = samples.size();
    for (ControlPlane design : ControlPlane.load(Path.of("../../conf").resolve(ControlPlane.FILE))) {
      List<String> settings = new ArrayList<>(List.of("workload.guests=3", "workload.destroy=on-running"));
      settings.addAll(design.settings());
      ScenarioRun.run(Scenario.load(Path.of("../../conf"), null, settings), new SequentialExecutor(), collect);
    }
    assertTrue("saw " + samples.size() + " message types", paperOnly > 35 && samples.size() > paperOnly + 10);
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    for (Object message : samples.values()) {
      InlinePartition.Batch one = new InlinePartition.Batch(single(message));
      Serializer serializer = serialization.findSerializerFor(one);
      byte[] bytes = serializer.toBinary(one);
      assertArrayEquals(message.toString(), bytes, serializer.toBinary(serializer.fromBinary(bytes,
          InlinePartition.Batch.class)));
    }
    EventBuffer buffer = new EventBuffer();
    long i = 0;
    for (Object message : samples.values()) {
      buffer.add(1000 + i, i, i * 7, (int) i, message);
      i++;
    }
    InlinePartition.Batch batch = new InlinePartition.Batch(buffer);
    Serializer serializer = serialization.findSerializerFor(batch);
    byte[] bytes = serializer.toBinary(batch);
    InlinePartition.Batch back = (InlinePartition.Batch) serializer.fromBinary(bytes, InlinePartition.Batch.class);
    assertArrayEquals(bytes, serializer.toBinary(back));
    EventHeap heap = new EventHeap(4);
    back.events().drainInto(heap);
    assertEquals(samples.size(), heap.size());
    for (Object expected : samples.values()) {
      assertEquals(expected.getClass(), heap.peekPayload().getClass());
      heap.removeTop();
    }
  }

  /**
   * After a clustered run every member sends its components' final reports to the client; those of every design
   * cross the wire unchanged, so summaries and invariants of a clustered run see what a single JVM sees.
   */
  private static final ObjectMapper TREES = new ObjectMapper()
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

  @Test(timeout = 60_000)
  public void everyDesignsFinalReportsCrossTheWireUnchanged() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    for (ControlPlane design : ControlPlane.load(Path.of("../../conf").resolve(ControlPlane.FILE))) {
      List<String> settings = new ArrayList<>(List.of("workload.guests=3", "workload.destroy=never"));
      settings.addAll(design.settings());
      ScenarioRun run = ScenarioRun.run(Scenario.load(Path.of("../../conf"), null, settings),
          new SequentialExecutor());
      for (int id = 0; id < run.model().processCount(); id++) {
        FinalReport report = run.model().report(id);
        if (report != null) {
          NodeAgent.ComponentReport sent = new NodeAgent.ComponentReport(id, report);
          Serializer serializer = serialization.findSerializerFor(sent);
          Object back = serialization.deserialize(serialization.serialize(sent).get(), serializer.identifier(),
              sent.getClass().getName()).get();
          // Arrays and list types compare by content: the JSON trees of what was sent and what arrived.
          assertEquals(design.name(), TREES.valueToTree(sent), TREES.valueToTree(back));
        }
      }
    }
  }

  private static EventBuffer single(Object message) {
    EventBuffer buffer = new EventBuffer();
    buffer.add(1000, 0, 0, 0, message);
    return buffer;
  }

  @Test
  public void theWindowProtocolCrossesTheWire() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    for (Object message : List.of(new PartitionCommand.OpenWindow(3, 99), new PartitionCommand.Finish(),
        new PartitionCommand.Start(new ArrayList<>(List.of(TEST_KIT.<PartitionCommand>createTestProbe().getRef()))),
        new ClockCoordinator.Settled(1, 2, 3, new long[] {4, 5}, 6), new ClockCoordinator.Received(1, 2, 3),
        new ClockCoordinator.Finished(0, new long[] {1, 2}, 3, 4),
        new ClockCoordinator.Failed(2, new IllegalStateException("boom")),
        new PartitionCommand.TakeCheckpoint(7, 1 << 20), new ClockCoordinator.Saved(1, 7, new byte[] {1, 2, 3}))) {
      byte[][] both = twice(serialization, message);
      assertArrayEquals(message.toString(), both[0], both[1]);
    }
  }

  @Test
  public void checkpointsAndResumptionsCrossTheWire() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    NodeAgent.HostPartitions host = new NodeAgent.HostPartitions("run-1-resumed-1", "text", List.of("a=1"), 4,
        List.of(1, 3), TEST_KIT.<ClockCoordinator.Command>createTestProbe().getRef(), null,
        List.of(new byte[] {1, 2}, new byte[0], new byte[] {-1}), 12, 3400);
    byte[] bytes = serialization.serialize(host).get();
    NodeAgent.HostPartitions back = (NodeAgent.HostPartitions) serialization.deserialize(bytes,
        serialization.findSerializerFor(host).identifier(), host.getClass().getName()).get();
    assertEquals(3, back.checkpoint().size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(host.checkpoint().get(i), back.checkpoint().get(i));
    }
    assertEquals(12, back.window());
    assertEquals(3400, back.time());
    for (Object message : List.of(new RunManager.Checkpointed(3, 4, new ArrayList<>(List.of(new byte[] {5}))), new RunManager.Resumed("lost", 6, 2))) {
      byte[][] both = twice(serialization, message);
      assertArrayEquals(message.toString(), both[0], both[1]);
    }
  }
}
