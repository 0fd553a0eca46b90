package io.vstack.cli.run;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while a run runs, also in {@code vstack.log} of its run directory (besides stderr), so a
 * result directory carries the warnings of the run that produced it. A quiet run's empty file is removed when the
 * copying stops. Nothing happens when SLF4J is not bound to Logback.
 */
final class RunLogFile implements AutoCloseable {
  static final String NAME = "vstack.log";
  private final Logger root;
  private final FileAppender<ILoggingEvent> appender;
  private final Path file;

  private RunLogFile(Logger root, FileAppender<ILoggingEvent> appender, Path file) {
    this.root = root;
    this.appender = appender;
    this.file = file;
  }

  /** Starts copying log lines into {@code dir}/vstack.log. */
  static RunLogFile into(Path dir) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new RunLogFile(null, null, null);
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("run-" + dir.getFileName());
    Path file = dir.resolve(NAME);
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    return new RunLogFile(root, appender, file);
  }

  @Override
  public void close() {
    if (root == null || !appender.isStarted()) {
      return;
    }
    root.detachAppender(appender);
    appender.stop();
    try {
      if (Files.size(file) == 0) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // the directory is going away or moved by someone else: nothing of the run's results is at stake
    }
  }
}
