package io.vstack.chaos;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ListeningSocketsTest extends JUnitSuite {

  @Test
  public void aSocketOnEveryInterfaceIsFoundAndALoopbackOneIsNot() throws Exception {
    long self = ProcessHandle.current().pid();
    try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(List.of(), ListeningSockets.nonLoopback(List.of(self)));
      try (ServerSocket everywhere = new ServerSocket()) {
        everywhere.bind(new InetSocketAddress(0));
        List<String> found = ListeningSockets.nonLoopback(List.of(self));
        assertEquals(found.toString(), 1, found.size());
        assertEquals(found.get(0), Integer.toHexString(everywhere.getLocalPort()).toUpperCase(),
            found.get(0).substring(found.get(0).lastIndexOf(':') + 1).replaceFirst("^0+", ""));
      }
    }
  }
}
