package io.vstack.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a cluster member process: {@code NodeMain <conf-dir> <keys-dir> <host> <port> <management-port>
 * <seed host:port>[,<seed host:port>...]}, where {@code keys-dir} holds the cluster's {@link ClusterKeys}.
 */
public final class NodeMain {
  private NodeMain() {
  }

  public static void main(String[] args) {
    if (args.length != 6) {
      System.err.println("usage: NodeMain <conf-dir> <keys-dir> <host> <port> <management-port> <seed,seed,...>");
      System.exit(2);
    }
    ClusterKeys keys;
    try {
      keys = ClusterKeys.load(Path.of(args[1]));
    } catch (IllegalArgumentException e) {
      System.err.println("NodeMain: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<String> seeds = Arrays.asList(args[5].split(","));
    ClusterNode.startNode(Path.of(args[0]), ClusterNode.config(args[2], Integer.parseInt(args[3]), seeds, "node",
        keys), keys, Integer.parseInt(args[4]));
  }
}
