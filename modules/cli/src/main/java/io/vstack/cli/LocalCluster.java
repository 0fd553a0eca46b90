package io.vstack.cli;

import io.vstack.cluster.ClusterKeys;
import io.vstack.cluster.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Member JVMs started on loopback: their processes, ports and logs. They talk TLS with the cluster's keys, and their
 * management endpoints have the write routes (so that {@code vstack cluster down} can make them leave) behind the
 * cluster's secret.
 */
public final class LocalCluster {

  /** One started member. */
  public record Member(Process process, int port, int management, Path log) {
    public String address() {
      return "akka://vstack@127.0.0.1:" + port;
    }
  }

  private LocalCluster() {
  }

  public static List<Member> start(int nodes, String heap, Path logDir, Path conf, ClusterKeys keys)
      throws IOException {
    int[] ports = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      ports[n] = freePort();
    }
    return start(heap, logDir, conf, keys, ports, new int[nodes]);
  }

  /**
   * Starts a member per port of {@code ports} (its advertised Artery port); a member with a non-zero
   * {@code bindPorts} entry listens there instead, so that something in between (a test's proxy) can carry, delay
   * or cut what the others send it.
   */
  public static List<Member> start(String heap, Path logDir, Path conf, ClusterKeys keys, int[] ports,
      int[] bindPorts) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    int nodes = ports.length;
    int[] management = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      management[n] = freePort();
    }
    String seed = "127.0.0.1:" + ports[0];
    List<Member> members = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      List<String> command = new ArrayList<>(List.of(java, "-Xss4m", "-Xmx" + heap,
          "-Dslf4j.internal.verbosity=ERROR", "-Dlogback.configurationFile=" + conf.resolve("logback.xml"),
          "-Dvstack.cluster.management.writes=on"));
      if (bindPorts[n] != 0) {
        command.add("-Dakka.remote.artery.bind.hostname=127.0.0.1");
        command.add("-Dakka.remote.artery.bind.port=" + bindPorts[n]);
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
          keys.dir().toAbsolutePath().toString(), "127.0.0.1", Integer.toString(ports[n]),
          Integer.toString(management[n]), seed));
      Path log = logDir.resolve("node-" + n + ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      members.add(new Member(p, ports[n], management[n], log));
    }
    return members;
  }

  /** Waits up to {@code seconds} until all members are Up as the first one sees it; returns how many are. */
  public static long awaitUp(List<Member> members, ClusterKeys keys, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long up = 0;
    while (System.nanoTime() < deadline) {
      up = ClusterCommand.members(members.get(0).management(), keys).map(ClusterCommand::upNodes).orElse(0L);
      if (up == members.size()) {
        break;
      }
      Thread.sleep(500);
    }
    return up;
  }

  /** A TCP port free on loopback now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
