package dev.frontline.server.trail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The daily JSON Lines files of the trail, {@code FRONTLINE_DATA/trail/trail-YYYY-MM-DD.jsonl},
 * written through a dedicated Logback appender (one line per event, schema in
 * docs/trajectory.md) for marketing pipelines to ship. Files older than the retention period are
 * deleted by the retention run ({@link TrailRetention}), with the setting of that moment; Logback
 * keeps them all (its own history limit would only read the setting once, at start-up).
 */
public final class TrailFiles implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** The name of a daily file; the date is in the JVM's time zone, as Logback's {@code %d} writes it. */
  private static final Pattern DAILY = Pattern.compile("trail-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

  private final Path dir;
  private final Logger logger;
  private final RollingFileAppender<ILoggingEvent> appender;

  public TrailFiles(Path dataDir) {
    dir = dataDir.resolve("trail");
    LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
    String name = "frontline.trail.files." + INSTANCES.incrementAndGet();
    appender = new RollingFileAppender<>();
    appender.setContext(lc);
    appender.setName(name);
    TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
    policy.setContext(lc);
    policy.setParent(appender);
    policy.setFileNamePattern(dir.toString() + "/trail-%d{yyyy-MM-dd}.jsonl");
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

  /**
   * Deletes the daily files whose whole day is more than {@code days} days before {@code now}
   * (today's file and those of the last {@code days} days stay). Returns how many.
   */
  int deleteOlderThan(int days, Instant now) throws IOException {
    LocalDate oldestKept = LocalDate.ofInstant(now, ZoneId.systemDefault()).minusDays(days);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "trail-*.jsonl")) {
      for (Path f : files) {
        Matcher m = DAILY.matcher(f.getFileName().toString());
        if (m.matches() && LocalDate.parse(m.group(1)).isBefore(oldestKept) && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
