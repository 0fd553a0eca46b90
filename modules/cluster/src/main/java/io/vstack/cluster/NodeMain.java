package io.vstack.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a cluster member process: {@code NodeMain <keys-dir> <host> <port> <management-port>
 * <seed host:port>[,<seed host:port>...]}, where {@code keys-dir} holds the cluster's {@link ClusterKeys}. A member
 * reads no configuration file of the model: every run brings its resolved scenario.
 */
public final class NodeMain {
  private NodeMain() {
  }

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: NodeMain <keys-dir> <host> <port> <management-port> <seed,seed,...>");
      System.exit(2);
    }
    ClusterKeys keys;
    try {
      keys = ClusterKeys.load(Path.of(args[0]));
    } catch (IllegalArgumentException e) {
      System.err.println("NodeMain: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<String> seeds = Arrays.asList(args[4].split(","));
    ClusterNode.startNode(ClusterNode.config(args[1], Integer.parseInt(args[2]), seeds, "node", keys), keys,
        Integer.parseInt(args[3]));
  }
}
