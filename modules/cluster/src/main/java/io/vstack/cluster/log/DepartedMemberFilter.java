package io.vstack.cluster.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Artery's warning that an outbound connection was refused. Clients join and leave the cluster with every
 * clustered run, and a member (or the next client) keeps dialling a client that has just left until the leader
 * has removed it: each attempt logs a stream failure although nothing went wrong. A member that is really lost is
 * reported by the cluster itself (unreachable, downed, removed), and any other stream failure still gets through.
 */
public final class DepartedMemberFilter extends Filter<ILoggingEvent> {
  private static final String LOGGER = "akka.stream.Materializer";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (event.getLevel() == Level.WARN && LOGGER.equals(event.getLoggerName())) {
      String message = event.getFormattedMessage();
      if (message.startsWith("[outbound connection to ") && message.contains("Connection refused")) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
