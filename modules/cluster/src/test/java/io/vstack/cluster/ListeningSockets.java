package io.vstack.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's /proc (the kernel's view: no tool to trust); for the
 * cluster tests and the chaos tests alike.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

  private ListeningSockets() {
  }

  /** Every address process {@code pid} listens on, IPv4 and IPv6; none if the process has ended. */
  public static List<InetSocketAddress> of(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    List<InetSocketAddress> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> rows = Files.readAllLines(Path.of(table));
      for (String row : rows.subList(1, rows.size())) {
        String[] field = row.trim().split("\\s+");
        if (field[3].equals(LISTEN) && inodes.contains(field[9])) {
          listening.add(address(field[1]));
        }
      }
    }
    return listening;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException e) {
          // The descriptor was closed between the listing and the read: not a listening socket any more.
        }
      }
    } catch (NoSuchFileException e) {
      // The process has ended: it listens on nothing.
    }
    return inodes;
  }

  /** {@code HEXADDR:HEXPORT} as /proc writes it: the address in 32-bit words of host (little-endian) order. */
  private static InetSocketAddress address(String hex) throws IOException {
    String[] parts = hex.split(":");
    byte[] bytes = HexFormat.of().parseHex(parts[0]);
    for (int word = 0; word < bytes.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = bytes[word + i];
        bytes[word + i] = bytes[word + 3 - i];
        bytes[word + 3 - i] = b;
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
  }
}
