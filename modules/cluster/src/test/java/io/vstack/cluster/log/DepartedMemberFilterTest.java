package io.vstack.cluster.log;

import static org.junit.Assert.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class DepartedMemberFilterTest extends JUnitSuite {
  private static final String REFUSED = "[outbound connection to [akka://vstack@127.0.0.1:40739], control stream] "
      + "Upstream failed, cause: StreamTcpException: Tcp command [Connect(127.0.0.1/<unresolved>:40739,None,List(),"
      + "Some(5000 milliseconds),true)] failed because of java.net.ConnectException: Connection refused";

  private static FilterReply decide(String logger, Level level, String message) {
    Logger log = new LoggerContext().getLogger(logger);
    return new DepartedMemberFilter().decide(new LoggingEvent(Logger.class.getName(), log, level, message, null,
        null));
  }

  @Test
  public void aRefusedConnectionToADepartedMemberIsDropped() {
    assertEquals(FilterReply.DENY, decide("akka.stream.Materializer", Level.WARN, REFUSED));
  }

  @Test
  public void everyOtherStreamFailureOrLevelOrLoggerGetsThrough() {
    assertEquals(FilterReply.NEUTRAL, decide("akka.stream.Materializer", Level.WARN,
        "[outbound connection to [akka://vstack@127.0.0.1:1], control stream] Upstream failed, cause: "
            + "SSLHandshakeException: Received fatal alert: certificate_unknown"));
    assertEquals(FilterReply.NEUTRAL, decide("akka.stream.Materializer", Level.ERROR, REFUSED));
    assertEquals(FilterReply.NEUTRAL, decide("akka.cluster.Cluster", Level.WARN, REFUSED));
  }
}
