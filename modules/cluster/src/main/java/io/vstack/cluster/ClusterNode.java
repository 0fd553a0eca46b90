package io.vstack.cluster;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import akka.management.scaladsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vstack.cluster.catalogue.JournalDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Starts a cluster member: Akka Cluster over Artery TLS with the cluster's {@link ClusterKeys}, the split-brain
 * resolver (keep-majority), Akka Management's HTTP endpoint (membership, health, readiness), and for role
 * {@code node} a {@link NodeAgent}. Every member of a vstack cluster is an ActorSystem named {@code vstack}.
 *
 * <p>The management endpoint listens on {@code vstack.cluster.management.hostname} (loopback unless set) and is
 * read-only unless {@code vstack.cluster.management.writes = on}; then every route, reads included, asks for the
 * cluster's secret, since a write route downs or removes members.
 */
public final class ClusterNode {
  public static final String SYSTEM = "vstack";

  private ClusterNode() {
  }

  /**
   * Cluster settings for a member on {@code host:port}, joining {@code seeds} ("host:port"), with {@code role},
   * talking TLS with {@code keys}.
   */
  public static Config config(String host, int port, List<String> seeds, String role, ClusterKeys keys) {
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
        "akka.remote.artery.advanced.maximum-large-frame-size = 32MiB")).withFallback(keys.artery());
  }

  /**
   * Starts a member hosting simulation partitions, its management endpoint on {@code managementPort}; it exits its
   * JVM when it leaves the cluster.
   */
  public static ActorSystem<Void> startNode(Config cluster, ClusterKeys keys, int managementPort) {
    Config application = JournalDatabase.load();
    Config management = application.getConfig("vstack.cluster.management");
    boolean writes = management.getBoolean("writes");
    Config config = cluster.withFallback(ConfigFactory.parseMap(Map.of(
            "akka.coordinated-shutdown.exit-jvm", "on",
            "akka.management.http.hostname", management.getString("hostname"),
            "akka.management.http.port", managementPort,
            "akka.management.http.route-providers-read-only", !writes), "vstack member"))
        .withFallback(application);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      ctx.spawn(NodeAgent.create(), "node-agent");
      return Behaviors.empty();
    }), SYSTEM, config);
    runManager(system);
    // The Scala DSL, for its authenticator (see ClusterKeys.authenticate).
    AkkaManagement.get(system.classicSystem()).start(settings -> writes
        ? settings.withReadOnly(false).withAuth(keys::authenticate) : settings.withReadOnly(true));
    return system;
  }

  /** The run manager singleton (on the oldest node), or a proxy to it; the same ref on every call. */
  public static ActorRef<RunManager.Command> runManager(ActorSystem<?> system) {
    return ClusterSingleton.get(system).init(SingletonActor.of(RunManager.create(), "run-manager")
        .withSettings(ClusterSingletonSettings.create(system).withRole("node")));
  }

  /**
   * Starts a member that only submits runs (role client); no partitions are placed on it. Its actors' deaths are
   * not flushed behind their earlier messages: no member waits on the order of a client actor's last message and
   * its death, and while the client leaves the flush is never acknowledged, so it would only end, after a timeout,
   * in a warning at the end of every clustered run. Its coordinated shutdown, whatever starts it (leaving, being
   * downed, the JVM exiting), asks the actor system to terminate but does not wait for it: a client's system that
   * has left the cluster sometimes takes minutes to terminate, its Artery transport still closing a connection
   * (seen about once in ten clustered runs on 2 cores; akka/akka-core#30326, open), and coordinated shutdown's own
   * bounded wait would end in a warning. So the client leaves with {@link #leave}: terminating its system
   * directly does not run coordinated shutdown, and the members would see it crash rather than leave.
   */
  public static ActorSystem<Void> startClient(Config cluster) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM, cluster.withFallback(
        ConfigFactory.parseString("akka.remote.artery.advanced.death-watch-notification-flush-timeout = off\n"
            + "akka.coordinated-shutdown.terminate-actor-system = off\n"
            + "akka.coordinated-shutdown.run-by-actor-system-terminate = off"))
        .withFallback(JournalDatabase.load()));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "terminate-unawaited",
        () -> {
          system.terminate();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    runManager(system);
    return system;
  }

  /**
   * Leaves the cluster and stops {@code client}: returns once coordinated shutdown has run every phase, each
   * bounded by its timeout, so the cluster no longer counts the client; the actor system's termination is asked
   * for, not awaited (see {@link #startClient}).
   */
  public static void leave(ActorSystem<?> client) {
    CoordinatedShutdown.get(client).runAll(CoordinatedShutdown.clusterLeavingReason()).toCompletableFuture().join();
  }
}
