package io.vstack.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.JournalDatabase;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts a cluster member: Akka Cluster over Artery TCP, the split-brain resolver (keep-majority), Akka
 * Management's HTTP endpoint (membership, health, readiness), and for role {@code node} a {@link NodeAgent}.
 * Every member of a vstack cluster is an ActorSystem named {@code vstack}.
 */
public final class ClusterNode {
  public static final String SYSTEM = "vstack";

  private ClusterNode() {
  }

  /** Cluster settings for a member on {@code host:port}, joining {@code seeds} ("host:port"), with {@code role}. */
  public static Config config(String host, int port, List<String> seeds, String role, int managementPort) {
    String seedList = seeds.stream().map(s -> "\"akka://" + SYSTEM + "@" + s + "\"")
        .collect(Collectors.joining(", "));
    return ConfigFactory.parseString(String.join("\n",
        "akka.actor.provider = cluster",
        "akka.remote.artery.canonical.hostname = \"" + host + "\"",
        "akka.remote.artery.canonical.port = " + port,
        "akka.cluster.seed-nodes = [" + seedList + "]",
        "akka.cluster.roles = [" + role + "]",
        "akka.cluster.downing-provider-class = \"akka.cluster.sbr.SplitBrainResolverProvider\"",
        "akka.cluster.split-brain-resolver.active-strategy = keep-majority",
        "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
        // Checkpoint parts travel to the run manager's coordinators, on to the submitting client, and back to the
        // run manager and the node agents on a resume; they go on Artery's large-message stream so they neither hit
        // the ordinary frame limit nor hold up the rest.
        "akka.remote.artery.large-message-destinations = [\"/system/singletonManagerrun-manager/run-manager/*\", "
            + "\"/system/singletonManagerrun-manager/run-manager\", \"/user/node-agent\", "
            + "\"/system/vstack-run-client-*\"]",
        "akka.remote.artery.advanced.maximum-large-frame-size = 32MiB",
        "akka.management.http.hostname = \"" + host + "\"",
        "akka.management.http.port = " + managementPort,
        "akka.management.http.route-providers-read-only = false"));
  }

  /** Starts a member hosting simulation partitions; it exits its JVM when it leaves the cluster. */
  public static ActorSystem<Void> startNode(Config cluster) {
    Config config = cluster.withFallback(ConfigFactory.parseString("akka.coordinated-shutdown.exit-jvm = on"))
        .withFallback(JournalDatabase.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      ctx.spawn(NodeAgent.create(), "node-agent");
      return Behaviors.empty();
    }), SYSTEM, config);
    runManager(system);
    AkkaManagement.get(system.classicSystem()).start();
    return system;
  }

  /** The run manager singleton (on the oldest node), or a proxy to it; the same ref on every call. */
  public static ActorRef<RunManager.Command> runManager(ActorSystem<?> system) {
    return ClusterSingleton.get(system).init(SingletonActor.of(RunManager.create(), "run-manager")
        .withSettings(ClusterSingletonSettings.create(system).withRole("node")));
  }

  /** Starts a member that only submits runs (role client); no partitions are placed on it. */
  public static ActorSystem<Void> startClient(Config cluster) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM, cluster.withFallback(
        JournalDatabase.load()));
    runManager(system);
    return system;
  }
}
