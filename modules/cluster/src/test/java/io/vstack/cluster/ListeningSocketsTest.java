package io.vstack.cluster;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ListeningSocketsTest extends JUnitSuite {

  private static List<InetSocketAddress> nonLoopback(long pid) throws Exception {
    return ListeningSockets.of(pid).stream().filter(s -> !s.getAddress().isLoopbackAddress()).toList();
  }

  @Test
  public void aSocketOnEveryInterfaceIsFoundAndALoopbackOneIsNot() throws Exception {
    long self = ProcessHandle.current().pid();
    try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(List.of(), nonLoopback(self));
      try (ServerSocket everywhere = new ServerSocket()) {
        everywhere.bind(new InetSocketAddress(0));
        List<InetSocketAddress> found = nonLoopback(self);
        assertEquals(found.toString(), 1, found.size());
        assertEquals(everywhere.getLocalPort(), found.get(0).getPort());
      }
    }
  }

  @Test
  public void aProcessThatHasEndedListensOnNothing() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    assertEquals(List.of(), ListeningSockets.of(ended.pid()));
  }
}
