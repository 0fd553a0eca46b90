package io.vstack.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** TCP sockets that processes listen on, read from Linux's /proc (the kernel's own tables, not a port scan). */
final class ListeningSockets {
  private static final String LISTEN = "0A";
  private static final Set<String> LOOPBACK = Set.of("0100007F", "00000000000000000000000001000000",
      "0000000000000000FFFF00000100007F");

  private ListeningSockets() {
  }

  /** The sockets {@code pids} listen on at an address other than loopback, as "pid address:port". */
  static List<String> nonLoopback(List<Long> pids) throws IOException {
    List<String> found = new ArrayList<>();
    for (long pid : pids) {
      Set<String> inodes = socketInodes(pid);
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
          String[] f = line.trim().split("\\s+");
          String[] local = f[1].split(":");
          if (f[3].equals(LISTEN) && inodes.contains(f[9]) && !LOOPBACK.contains(local[0])) {
            found.add(pid + " " + f[1]);
          }
        }
      }
    }
    return found;
  }

  /** The inodes of the sockets process {@code pid} has open (none if it has ended meanwhile). */
  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended meanwhile
    }
    return inodes;
  }
}
