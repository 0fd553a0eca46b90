package io.vstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vstack cluster up|status|down}: a local cluster of member JVMs on loopback, remembered in
 * {@code runs/cluster/cluster.json} (pids, ports) with each member's log next to it.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Start, inspect and stop a local cluster of vstack member JVMs on loopback.",
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
public final class ClusterCommand {
  static final Path STATE_DIR = Path.of("runs", "cluster");
  static final Path STATE = STATE_DIR.resolve("cluster.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static JsonNode state() {
    if (!Files.isRegularFile(STATE)) {
      throw new InputError(STATE + ": no local cluster is running (start one with 'vstack cluster up')");
    }
    try {
      return JSON.readTree(STATE.toFile());
    } catch (IOException e) {
      throw new InputError(STATE + ": unreadable: " + e.getMessage());
    }
  }

  /** The members' statuses as seen by the member whose management endpoint is {@code port}; empty if unreachable. */
  static Optional<JsonNode> members(int port) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/cluster/members")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body()).path("members")) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static long upNodes(JsonNode members) {
    long n = 0;
    for (JsonNode m : members) {
      if (m.path("status").asText().equals("Up") && m.path("roles").toString().contains("\"node\"")) {
        n++;
      }
    }
    return n;
  }

  /** {@code vstack cluster up --nodes N}. */
  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start N member JVMs on loopback and wait until all are Up.")
  static final class Up extends PrintingCommand {

    @Option(names = "--nodes", defaultValue = "3", description = "members to start (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--heap", defaultValue = "1g", description = "each member's -Xmx (default: ${DEFAULT-VALUE})")
    String heap;

    @Override
    int print(PrintWriter out) throws Exception {
      if (nodes <= 0) {
        throw new InputError("--nodes must be > 0, was " + nodes);
      }
      if (Files.isRegularFile(STATE)) {
        throw new InputError(STATE + ": a local cluster is already recorded; run 'vstack cluster down' first");
      }
      Files.createDirectories(STATE_DIR);
      List<LocalCluster.Member> started = LocalCluster.start(nodes, heap, STATE_DIR, ConfDir.find().toAbsolutePath());
      String seed = "127.0.0.1:" + started.get(0).port();
      ObjectNode state = JSON.createObjectNode();
      state.put("seed", seed);
      ArrayNode members = state.putArray("members");
      for (LocalCluster.Member member : started) {
        ObjectNode m = members.addObject();
        m.put("pid", member.process().pid());
        m.put("address", member.address());
        m.put("port", member.port());
        m.put("management", member.management());
        m.put("log", member.log().toString());
      }
      JSON.writeValue(STATE.toFile(), state);
      long up = LocalCluster.awaitUp(started, 90);
      for (JsonNode m : members) {
        out.printf("member %-32s pid %-8d management http://127.0.0.1:%d/cluster/members  log %s%n",
            m.path("address").asText(), m.path("pid").asLong(), m.path("management").asInt(), m.path("log").asText());
      }
      if (up != nodes) {
        out.printf("only %d of %d members are Up after 90 s; see the logs, then 'vstack cluster down'%n", up, nodes);
        return 1;
      }
      out.printf("%d members Up; submit runs with: ./vstack run --cluster %s%n", nodes, seed);
      return 0;
    }
  }

  /** {@code vstack cluster status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Members, their status and whether their processes live.")
  static final class Status extends PrintingCommand {

    @Override
    int print(PrintWriter out) {
      JsonNode state = state();
      Optional<JsonNode> view = Optional.empty();
      for (JsonNode m : state.path("members")) {
        boolean alive = ProcessHandle.of(m.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false);
        out.printf("member %-32s pid %-8d process %s%n", m.path("address").asText(), m.path("pid").asLong(),
            alive ? "alive" : "gone");
        if (view.isEmpty() && alive) {
          view = members(m.path("management").asInt());
        }
      }
      if (view.isEmpty()) {
        out.println("no member's management endpoint answers");
        return 1;
      }
      out.println("membership:");
      for (JsonNode m : view.get()) {
        out.printf("  %-32s %-8s roles %s%n", m.path("node").asText(), m.path("status").asText(), m.path("roles"));
      }
      return 0;
    }
  }

  /** {@code vstack cluster down}. */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Every member leaves gracefully and exits; stragglers are killed.")
  static final class Down extends PrintingCommand {

    @Override
    int print(PrintWriter out) throws Exception {
      JsonNode state = state();
      for (JsonNode m : state.path("members")) {
        try {
          HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.path("management").asInt()
                  + "/cluster/members/" + m.path("address").asText()))
              .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(5))
              .PUT(HttpRequest.BodyPublishers.ofString("operation=Leave")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
          out.printf("member %s did not answer the leave request (%s)%n", m.path("address").asText(), e.getMessage());
        }
      }
      int killed = 0;
      for (JsonNode m : state.path("members")) {
        Optional<ProcessHandle> p = ProcessHandle.of(m.path("pid").asLong());
        if (p.isPresent()) {
          try {
            p.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            p.get().destroyForcibly();
            killed++;
          }
        }
      }
      Files.delete(STATE);
      out.printf("%d members left the cluster and exited%s%n", state.path("members").size() - killed,
          killed == 0 ? "" : "; " + killed + " did not and were killed");
      return killed == 0 ? 0 : 1;
    }
  }
}
