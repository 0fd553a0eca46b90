package io.vstack.cli.bench;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.LocalCluster;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterKeys;
import io.vstack.cluster.ClusterNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Member JVMs on this machine for a benchmark and a client joined to them; closing leaves and stops them all. */
final class BenchCluster implements AutoCloseable {
  private final List<LocalCluster.Member> members;
  private ActorSystem<Void> client;

  private BenchCluster(List<LocalCluster.Member> members) {
    this.members = members;
  }

  /** {@code n} members of heap {@code heap}, logging into {@code logs}, with a client that sees them all. */
  static BenchCluster start(int n, String heap, Path logs, Path conf, ClusterKeys keys) throws Exception {
    BenchCluster cluster = new BenchCluster(LocalCluster.start(n, heap, logs, conf, keys));
    try {
      if (LocalCluster.awaitUp(cluster.members, keys, 90) != n) {
        throw new IllegalStateException("the " + n + "-member cluster did not come up; logs in " + logs);
      }
      String seed = "127.0.0.1:" + cluster.members.get(0).port();
      cluster.client = ClusterNode.startClient(ClusterNode.config("127.0.0.1", 0, List.of(seed), "client", keys));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (ClusterExecutor.nodes(cluster.client).size() < n && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  ActorSystem<Void> client() {
    return client;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (client != null) {
      ClusterNode.leave(client);
    }
    members.forEach(m -> m.process().destroy());
    for (LocalCluster.Member m : members) {
      if (!m.process().waitFor(30, TimeUnit.SECONDS)) {
        m.process().destroyForcibly();
      }
    }
  }
}
