package io.vstack.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a cluster member process:
 * {@code NodeMain <conf-dir> <host> <port> <management-port> <seed host:port>[,<seed host:port>...]}.
 */
public final class NodeMain {
  private NodeMain() {
  }

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: NodeMain <conf-dir> <host> <port> <management-port> <seed,seed,...>");
      System.exit(2);
    }
    List<String> seeds = Arrays.asList(args[4].split(","));
    ClusterNode.startNode(Path.of(args[0]), ClusterNode.config(args[1], Integer.parseInt(args[2]), seeds, "node",
        Integer.parseInt(args[3])));
  }
}
