package io.vstack.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a cluster member process:
 * {@code NodeMain <host> <port> <management-port> <seed host:port>[,<seed host:port>...]}. A member reads no
 * configuration file of the model: every run brings its resolved scenario.
 */
public final class NodeMain {
  private NodeMain() {
  }

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: NodeMain <host> <port> <management-port> <seed,seed,...>");
      System.exit(2);
    }
    List<String> seeds = Arrays.asList(args[3].split(","));
    ClusterNode.startNode(ClusterNode.config(args[0], Integer.parseInt(args[1]), seeds, "node",
        Integer.parseInt(args[2])));
  }
}
