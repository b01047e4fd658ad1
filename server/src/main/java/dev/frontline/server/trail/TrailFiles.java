package dev.frontline.server.trail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The daily JSON Lines files of the trail, {@code FRONTLINE_DATA/trail/trail-YYYY-MM-DD.jsonl},
 * written through a dedicated Logback appender (one line per event, schema in
 * docs/trajectory.md) for marketing pipelines to ship. Files older than the retention period are
 * deleted by Logback's rolling policy.
 */
public final class TrailFiles implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Logger logger;
  private final RollingFileAppender<ILoggingEvent> appender;

  public TrailFiles(Path dataDir, int retentionDays) {
    LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
    String name = "frontline.trail.files." + INSTANCES.incrementAndGet();
    appender = new RollingFileAppender<>();
    appender.setContext(lc);
    appender.setName(name);
    TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
    policy.setContext(lc);
    policy.setParent(appender);
    policy.setFileNamePattern(dataDir.resolve("trail").toString() + "/trail-%d{yyyy-MM-dd}.jsonl");
    policy.setMaxHistory(Math.max(1, retentionDays));
    policy.setCleanHistoryOnStart(true);
    policy.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(lc);
    encoder.setPattern("%msg%n");
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setRollingPolicy(policy);
    appender.setEncoder(encoder);
    appender.start();
    logger = lc.getLogger(name);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
  }

  /** Appends one line (already JSON, without the newline). */
  void append(String jsonLine) {
    logger.info(jsonLine);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
