package io.vstack.cluster;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.vstack.cluster.catalogue.RunLog;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vstack.engine.CraftedTypeIds;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.RunSpec;
import io.vstack.engine.core.EventBuffer;
import io.vstack.engine.core.EventHeap;
import io.vstack.engine.hosted.ModelSpec;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.engine.window.PartitionCommand;
import io.vstack.model.FinalReport;
import io.vstack.model.XenMsg;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.numa.NumaNode;
import io.vstack.trace.XenHostFactory;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.experiment.ControlPlane;
import io.vstack.workload.fleet.FleetFactory;
import io.vstack.workload.fleet.FleetMsg;
import io.vstack.workload.fleet.FleetModel;
import io.vstack.workload.fleet.FleetScenario;
import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.Assert;
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
    NodeAgent.HostPartitions host = new NodeAgent.HostPartitions("run-1-resumed-1",
        XenHostFactory.spec(Scenario.load(Path.of("../../conf"), null, List.of())), 1, 4, List.of(1, 3),
        TEST_KIT.<ClockCoordinator.Command>createTestProbe().getRef(), null,
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

  /**
   * Members build the model from the scenario the client resolved, sent whole: every design's, both sides of a
   * comparison of it (whose switches no --set could express), with its faults and cost model, arrives equal.
   */
  @Test
  public void everyDesignsResolvedScenarioCrossesTheWireUnchanged() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    Path conf = Path.of("../../conf");
    for (ControlPlane design : ControlPlane.load(conf.resolve(ControlPlane.FILE))) {
      List<String> settings = new ArrayList<>(List.of("host=quad-node", "workload.guests=3"));
      settings.addAll(design.settings());
      Scenario resolved = Scenario.load(conf, null, settings).withFaults(List.of(
          FaultSpec.parse("pcpu-offline@1ms,pcpu=1,duration=5ms")));
      for (Scenario side : List.of(resolved, resolved.with(resolved.switches().withFixes(false, false, false)))) {
        RunManager.SubmitRun submit = new RunManager.SubmitRun(XenHostFactory.spec(side), 4, 100, 1000, 1, 0, null, 0, 0, null,
            TEST_KIT.<RunManager.RunReply>createTestProbe().getRef());
        Object back = serialization.deserialize(serialization.serialize(submit).get(),
            serialization.findSerializerFor(submit).identifier(), submit.getClass().getName()).get();
        assertEquals(design.name(), side, ((RunManager.SubmitRun) back).model().spec());
      }
    }
  }

  /**
   * A hosted fleet crosses the wire as its factory declares it: the spec every member builds from, every message
   * between its processes (inside a batch), a process's report (its state in checkpoint form); a spec naming a class
   * that is no registered factory's is refused unread.
   */
  @Test(timeout = 120_000)
  public void aFleetsSpecMessagesAndReportsCrossTheWireAndAnyOtherSpecIsRefused() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    ModelSpec spec = FleetFactory.spec(SmallFleet.SCENARIO);
    NodeAgent.HostPartitions host = new NodeAgent.HostPartitions("run-2", spec, 7, 4, List.of(0, 2),
        TEST_KIT.<ClockCoordinator.Command>createTestProbe().getRef(), null, List.of(), 0, 0);
    byte[] bytes = serialization.serialize(host).get();
    int wire = serialization.findSerializerFor(host).identifier();
    assertEquals(spec, ((NodeAgent.HostPartitions) serialization.deserialize(bytes, wire,
        NodeAgent.HostPartitions.class.getName()).get()).model());
    ObjectMapper json = new ObjectMapper();
    JsonNode tree = json.readTree(bytes);
    assertTrue(tree.toString(), CraftedTypeIds.rename(tree, FleetScenario.class.getName(), GADGET));
    Throwable refused = Assert.assertThrows(IllegalArgumentException.class, () -> serialization.deserialize(
        json.writeValueAsBytes(tree), wire, NodeAgent.HostPartitions.class.getName()).get());
    assertTrue(refused.getMessage(), refused.getMessage().contains("'" + GADGET + "'"));
    assertFalse("the gadget class was initialized", GADGET_INITIALIZED.get());

    Map<String, Object> samples = new TreeMap<>();
    FleetModel model = new FleetModel(SmallFleet.SCENARIO);
    new SequentialExecutor().run(model, RunSpec.untilQuiet(SmallFleet.SCENARIO.host().seed()),
        (time, sent, sender, receiver, message) -> {
          if (sender != receiver) {
            samples.putIfAbsent(message.getClass().getName(), message);
          }
        });
    assertTrue("saw " + samples.keySet(), samples.size() >= 6);
    List<Object> messages = new ArrayList<>(samples.values());
    messages.add(new NodeAgent.ComponentReport(0, new FleetFactory().build(SmallFleet.SCENARIO).report(0)));
    for (Object message : messages) {
      Object wrapped = message instanceof NodeAgent.ComponentReport ? message
          : new InlinePartition.Batch(single(message));
      byte[][] both = twice(serialization, wrapped);
      assertArrayEquals(message.toString(), both[0], both[1]);
    }
  }

  /** Set by {@link Gadget}'s static initializer: whether anything ever initialized it. */
  static final AtomicBoolean GADGET_INITIALIZED = new AtomicBoolean();
  private static final String GADGET = "io.vstack.cluster.WireSerializerTest$Gadget";

  /** A class a sender might name: a model message type by its interface, but no component's protocol. */
  public static final class Gadget implements XenMsg {
    private static final long serialVersionUID = 1L;

    static {
      GADGET_INITIALIZED.set(true);
    }
  }

  @Test
  public void aMessageOfAnyTypeButVstacksProtocolIsRefusedUnread() {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    byte[] bytes = serialization.serialize(new PartitionCommand.OpenWindow(1, 2)).get();
    int wire = serialization.findSerializerFor(new PartitionCommand.OpenWindow(1, 2)).identifier();
    for (String type : List.of("java.util.HashMap", "java.net.URL", "akka.actor.typed.internal.adapter.ActorRefAdapter",
        "io.vstack.model.config.Scenario", GADGET)) {
      Throwable refused = Assert.assertThrows(type, NotSerializableException.class,
          () -> serialization.deserialize(bytes, wire, type).get());
      assertTrue(refused.getMessage(), refused.getMessage().contains(type + ": not a vstack message type"));
    }
    assertFalse("the gadget class was initialized", GADGET_INITIALIZED.get());
  }

  /**
   * The format does not depend on which of Akka's serializers happened to create its shared {@code jackson-cbor}
   * mapper first (in this test's system Akka's CBOR serializer did): it is the JSON every catalogue and checkpoint
   * journal so far was written in, so they stay readable, also by {@code vstack runs} without an ActorSystem.
   */
  @Test
  public void theWireFormatIsJsonWhateverAkkasSharedMapperIs() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    RunLog.Finished finished = new RunLog.Finished("complete", "runs/x", "");
    byte[] bytes = serialization.serialize(finished).get();
    assertTrue(JacksonObjectMapperProvider.get(TEST_KIT.system().classicSystem())
        .getOrCreate("jackson-cbor", Optional.empty()).getFactory() instanceof CBORFactory);
    assertEquals("{\"status\":\"complete\",\"location\":\"runs/x\",\"reason\":\"\"}",
        new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(finished, WireCodec.withoutActorSystem(TEST_KIT.system().settings().config())
        .decode(bytes, RunLog.Finished.class.getName()));
  }

  @Test
  public void aValueNamingAClassOutsideTheProtocolIsRefusedUnread() throws Exception {
    Serialization serialization = SerializationExtension.get(TEST_KIT.system().classicSystem());
    InlinePartition.Batch batch = new InlinePartition.Batch(single(new NumaNode.Free(5)));
    Serializer serializer = serialization.findSerializerFor(batch);
    ObjectMapper json = new ObjectMapper(); // WireCodec's format: JSON, whatever Akka's own Jackson mappers are
    for (String type : List.of(GADGET, "java.net.URL", "java.util.concurrent.atomic.AtomicLong",
        "com.sun.rowset.JdbcRowSetImpl", "io.vstack.engine.checkpoint.Slice")) {
      JsonNode tree = json.readTree(serializer.toBinary(batch));
      assertTrue(tree.toString(), CraftedTypeIds.rename(tree, NumaNode.Free.class.getName(), type));
      byte[] crafted = json.writeValueAsBytes(tree);
      Throwable refused = Assert.assertThrows(type, IllegalArgumentException.class,
          () -> serializer.fromBinary(crafted, InlinePartition.Batch.class));
      assertTrue(refused.getMessage(), refused.getMessage().contains("'" + type + "'")
          && refused.getMessage().contains("denied resolution"));
    }
    assertFalse("the gadget class was initialized", GADGET_INITIALIZED.get());
  }

  /**
   * The registry covers every model message and final report: a component whose protocol is missing from
   * {@link WireTypes#OWNERS} or its model factory's owners would fail only on a cluster, so every such class
   * compiled into the model and workload modules (the Xen host's and the fleet's) must be in it.
   */
  @Test
  public void everyModelMessageAndReportIsOnTheWireList() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Path classes : List.of(Path.of("../model/target/classes"), Path.of("../workload/target/classes"),
        Path.of("../engine/target/classes"), Path.of("target/classes"))) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
          Class<?> type = Class.forName(name, false, getClass().getClassLoader());
          boolean wire = type.isRecord() && (XenMsg.class.isAssignableFrom(type)
              || FleetMsg.class.isAssignableFrom(type) || FinalReport.class.isAssignableFrom(type)
              || ClusterMessage.class.isAssignableFrom(type)
              || PartitionCommand.class.isAssignableFrom(type) || ClockCoordinator.Command.class.isAssignableFrom(type));
          if (wire && !WireTypes.get().allowsValue(name)) {
            missing.add(name);
          }
        }
      }
    }
    assertEquals(List.of(), missing);
  }
}
