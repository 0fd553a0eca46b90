package io.vstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vstack.cluster.ClusterKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vstack cluster up|status|down}: a local cluster of member JVMs on loopback, remembered in
 * {@code runs/cluster/cluster.json} (each member's PID, start instant, command line and ports) with each member's log
 * and the cluster's {@link ClusterKeys} next to it.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Start, inspect and stop a local cluster of vstack member JVMs on loopback.",
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class,
        ClusterCommand.Keys.class})
public final class ClusterCommand {
  /**
   * Where {@code cluster up} keeps the cluster's keys, members and logs: {@code runs/cluster} beside {@code conf/}
   * (vstack's home), whatever the working directory, so every command finds the same cluster.
   */
  static Path stateDir() {
    return ConfDir.find().toAbsolutePath().normalize().getParent().resolve("runs").resolve("cluster");
  }

  /** The members {@code cluster up} started, as it recorded them. */
  static Path stateFile() {
    return stateDir().resolve("cluster.json");
  }
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static JsonNode state() {
    if (!Files.isRegularFile(stateFile())) {
      throw new InputError(stateFile() + ": no local cluster is running (start one with 'vstack cluster up')");
    }
    try {
      return JSON.readTree(stateFile().toFile());
    } catch (IOException e) {
      throw new InputError(stateFile() + ": unreadable: " + e.getMessage());
    }
  }

  /** The keys of the cluster whose members, clients and management endpoints use the ones in {@code dir}. */
  static ClusterKeys keys(Path dir) {
    try {
      return ClusterKeys.load(dir);
    } catch (IllegalArgumentException e) {
      throw new InputError(e.getMessage());
    }
  }

  /**
   * The members' statuses as seen by the member whose management endpoint is {@code port} (asked with the cluster's
   * secret); empty if unreachable.
   */
  static Optional<JsonNode> members(int port, ClusterKeys keys) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/cluster/members")).header("Authorization", keys.basicAuthorization())
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
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

  /** The member process recorded in {@code member}; a record lacking its start or command line matches nothing. */
  static RecordedProcess recorded(JsonNode member) {
    Instant started = member.hasNonNull("started") ? Instant.parse(member.path("started").asText()) : Instant.MIN;
    return new RecordedProcess(member.path("pid").asLong(), started, member.path("command").asText(""));
  }

  private static void printKeys(ClusterKeys keys, PrintWriter out) {
    out.printf("cluster key store and secret (mode 0600; members and clients need both): %s, %s%n",
        keys.keyStore(), keys.secretFile());
  }

  /** {@code vstack cluster keys DIR}: a new cluster's keys, for members started by hand on several machines. */
  @Command(name = "keys", mixinStandardHelpOptions = true,
      description = "Generate a new cluster's key store and secret in DIR, to copy to every machine that runs a "
          + "member or submits runs.")
  static final class Keys extends PrintingCommand {

    @Parameters(paramLabel = "DIR", description = "directory for the keys (created mode 0700)")
    Path dir;

    @Override
    int print(PrintWriter out) throws IOException {
      ClusterKeys existing = new ClusterKeys(dir);
      for (Path file : List.of(existing.keyStore(), existing.secretFile())) {
        if (Files.exists(file)) {
          throw new InputError(file + ": exists; a cluster's keys are never overwritten (its members would be "
              + "locked out): choose another directory");
        }
      }
      printKeys(ClusterKeys.generate(dir), out);
      return 0;
    }
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
      if (Files.isRegularFile(stateFile())) {
        throw new InputError(stateFile() + ": a local cluster is already recorded; run 'vstack cluster down' first");
      }
      ClusterKeys keys = ClusterKeys.generate(stateDir());
      List<LocalCluster.Member> started = LocalCluster.start(nodes, heap, stateDir(), ConfDir.find().toAbsolutePath(),
          keys);
      String seed = "127.0.0.1:" + started.get(0).port();
      ObjectNode state = JSON.createObjectNode();
      state.put("seed", seed);
      ArrayNode members = state.putArray("members");
      for (LocalCluster.Member member : started) {
        Optional<RecordedProcess> process = RecordedProcess.of(member.process().toHandle());
        if (process.isEmpty()) {
          started.forEach(m -> m.process().destroyForcibly());
          throw new IllegalStateException("cannot read the start time and command line of member process "
              + member.process().pid() + ", so 'vstack cluster down' could not tell it from another process; "
              + "the members were stopped");
        }
        ObjectNode m = members.addObject();
        m.put("pid", process.get().pid());
        m.put("started", process.get().started().toString());
        m.put("command", process.get().commandLine());
        m.put("address", member.address());
        m.put("port", member.port());
        m.put("management", member.management());
        m.put("log", member.log().toString());
      }
      JSON.writeValue(stateFile().toFile(), state);
      long up = LocalCluster.awaitUp(started, keys, 90);
      for (JsonNode m : members) {
        out.printf("member %-32s pid %-8d management http://127.0.0.1:%d/cluster/members  log %s%n",
            m.path("address").asText(), m.path("pid").asLong(), m.path("management").asInt(), m.path("log").asText());
      }
      printKeys(keys, out);
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
      ClusterKeys keys = keys(stateDir());
      Optional<JsonNode> view = Optional.empty();
      for (JsonNode m : state.path("members")) {
        boolean alive = recorded(m).live().isPresent();
        out.printf("member %-32s pid %-8d process %s%n", m.path("address").asText(), m.path("pid").asLong(),
            alive ? "alive" : "gone");
        if (view.isEmpty() && alive) {
          view = members(m.path("management").asInt(), keys);
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

  /**
   * {@code vstack cluster down}: asks each member it recorded to leave (an authenticated management write) and kills
   * those that do not exit; a recorded PID whose process is not the recorded member (the member died and the PID
   * went to another process) is neither asked nor killed.
   */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Every member leaves gracefully and exits; stragglers are killed; a recorded PID now held by "
          + "another process is left alone.")
  static final class Down extends PrintingCommand {

    @Override
    int print(PrintWriter out) throws Exception {
      JsonNode state = state();
      Optional<ClusterKeys> keys = Optional.empty();
      try {
        keys = Optional.of(ClusterKeys.load(stateDir()));
      } catch (IllegalArgumentException e) {
        out.println(e.getMessage() + "; the members are asked to leave with SIGTERM instead");
      }
      Map<JsonNode, ProcessHandle> ours = new LinkedHashMap<>();
      for (JsonNode m : state.path("members")) {
        Optional<ProcessHandle> live = recorded(m).live();
        if (live.isPresent()) {
          ours.put(m, live.get());
        } else {
          out.printf("member %s: pid %d is not its process any more (exited, or another process has the PID); left "
              + "alone%n", m.path("address").asText(), m.path("pid").asLong());
        }
      }
      for (Map.Entry<JsonNode, ProcessHandle> member : ours.entrySet()) {
        if (keys.isPresent()) {
          leave(member.getKey(), keys.get(), out);
        } else {
          // The JVM's shutdown hook runs Akka's coordinated shutdown, which leaves the cluster too.
          member.getValue().destroy();
        }
      }
      int killed = 0;
      for (Map.Entry<JsonNode, ProcessHandle> member : ours.entrySet()) {
        try {
          member.getValue().onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          if (recorded(member.getKey()).live().isPresent()) {
            member.getValue().destroyForcibly();
            killed++;
          }
        }
      }
      Files.delete(stateFile());
      Files.deleteIfExists(new ClusterKeys(stateDir()).keyStore());
      Files.deleteIfExists(new ClusterKeys(stateDir()).secretFile());
      out.printf("%d members left the cluster and exited%s%n", ours.size() - killed,
          killed == 0 ? "" : "; " + killed + " did not and were killed");
      return killed == 0 ? 0 : 1;
    }

    private static void leave(JsonNode member, ClusterKeys keys, PrintWriter out) {
      String address = member.path("address").asText();
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + member.path("management").asInt() + "/cluster/members/" + address))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", keys.basicAuthorization()).timeout(Duration.ofSeconds(5))
            .PUT(HttpRequest.BodyPublishers.ofString("operation=Leave")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          out.printf("member %s refused the leave request (HTTP %d)%n", address, r.statusCode());
        }
      } catch (IOException e) {
        out.printf("member %s did not answer the leave request (%s)%n", address, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
