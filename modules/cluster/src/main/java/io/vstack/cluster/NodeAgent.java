package io.vstack.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.core.Partitioning;
import io.vstack.engine.partitioned.InlinePartition;
import io.vstack.engine.window.ClockCoordinator;
import io.vstack.model.XenModel;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.workload.WorkloadDriver;
import java.nio.file.Path;
import java.util.List;

/**
 * A cluster member's host for simulation partitions. It registers with the receptionist; a run's client asks it
 * to host some partitions of a scenario, and it builds the model from the shipped scenario text with its own
 * {@code conf/} and spawns those partitions, which announce themselves to the run's coordinator.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "vstack-node");

  public sealed interface Command extends ClusterMessage permits HostPartitions {
  }

  /**
   * Hosts partitions {@code indices} (of {@code partitions}) of run {@code runId}: the scenario {@code scenarioText}
   * with {@code overrides}, coordinated by {@code coordinator}.
   */
  public record HostPartitions(String runId, String scenarioText, List<String> overrides, int partitions,
      List<Integer> indices, ActorRef<ClockCoordinator.Command> coordinator) implements Command {
  }

  private final Path confDir;

  public static Behavior<Command> create(Path confDir) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new NodeAgent(ctx, confDir);
    });
  }

  private NodeAgent(ActorContext<Command> ctx, Path confDir) {
    super(ctx);
    this.confDir = confDir;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(HostPartitions.class, this::onHost).build();
  }

  private Behavior<Command> onHost(HostPartitions msg) {
    Scenario scenario;
    try {
      scenario = Scenario.loadText(confDir, msg.scenarioText(), "scenario of run " + msg.runId(), msg.overrides());
    } catch (InvalidConfig e) {
      msg.indices().forEach(i -> msg.coordinator().tell(new ClockCoordinator.Failed(i,
          new IllegalArgumentException(getContext().getSystem().address() + ": " + e.getMessage()))));
      return this;
    }
    XenModel model = new XenModel(scenario, WorkloadDriver::new);
    Partitioning partitioning = new Partitioning(model.processCount(), msg.partitions());
    for (int index : msg.indices()) {
      ActorRef<io.vstack.engine.window.PartitionCommand> partition = getContext().spawn(
          InlinePartition.create(index, partitioning, model, scenario.seed(), DeliveryListener.NONE, msg.coordinator()),
          msg.runId() + "-partition-" + index, DispatcherSelector.fromConfig(ClockCoordinator.DISPATCHER));
      msg.coordinator().tell(new ClockCoordinator.Hosted(index, partition));
    }
    return this;
  }
}
