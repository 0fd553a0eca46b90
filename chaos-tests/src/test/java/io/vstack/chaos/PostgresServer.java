package io.vstack.chaos;

import io.vstack.cli.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL server for one test, from the Debian packages (installed by {@code .ci/run}): initdb into a
 * temporary directory, listening on a free loopback port with trust authentication, stopped at the end. As root it
 * runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class PostgresServer implements AutoCloseable {
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path dir, int port, boolean asPostgres) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /**
   * Starts a server with a database {@code vstack} in a fresh directory of its own (the postgres user must be able
   * to reach it, which a test's private temporary folder does not allow); fails saying why if it cannot.
   */
  static PostgresServer start() throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("vstack-postgres");
    if (root) {
      run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    int port = LocalCluster.freePort();
    Path data = dir.resolve("data");
    PostgresServer server = new PostgresServer(dir, port, root);
    run(server.command(bin.resolve("initdb"), "-D", data.toString(), "-A", "trust", "-U", "vstack"));
    run(server.command(bin.resolve("pg_ctl"), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"));
    run(server.command(bin.resolve("createdb"), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "vstack",
        "vstack"));
    return server;
  }

  private static Path binaries() throws IOException {
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      throw new IOException("no PostgreSQL under /usr/lib/postgresql (Debian package postgresql; .ci/run installs "
          + "it)");
    }
    try (var versions = Files.list(lib)) {
      return versions.sorted().reduce((a, b) -> b).orElseThrow(() -> new IOException("no PostgreSQL version in "
          + lib)).resolve("bin");
    }
  }

  private List<String> command(Path tool, String... args) {
    List<String> out = new ArrayList<>();
    if (asPostgres) {
      out.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    out.add(tool.toString());
    out.addAll(List.of(args));
    return out;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/vstack?user=vstack";
  }

  @Override
  public void close() throws Exception {
    try {
      run(command(binaries().resolve("pg_ctl"), "-D", data.toString(), "-m", "immediate", "stop"));
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
