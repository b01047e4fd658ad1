package dev.frontline.server.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled retention run, over a real embedded database, events journal and daily files. */
class TrailRetentionTest {
  private static final long DAY = 86_400_000L;

  @TempDir
  Path dir;

  @Test
  void eachRun_deletesEventsAndDailyFilesOlderThanTheSettingOfThatMoment() throws Exception {
    long now = System.currentTimeMillis();
    MovingClock clock = new MovingClock(now - 10 * DAY);
    AtomicInteger setting = new AtomicInteger(30);
    try (Database db = Database.open(ServerConfig.fromEnv(Map.of("FRONTLINE_DATA", dir.toString())));
        Journal journal = new Journal("events", db, 1_000, 100);
        TrailFiles files = new TrailFiles(dir)) {
      TrailRecorder trail = new TrailRecorder(db, journal, clock, files);
      TrailRetention retention = new TrailRetention(trail, setting::get);
      trail.record("v-1", "page_view", null, Map.of("url", "http://shop.example/old"));
      clock.millis = now;
      trail.record("v-1", "page_view", null, Map.of("url", "http://shop.example/new"));
      for (int i = 0; i < 100 && trail.stats().get("written") < 2; i++) {
        Thread.sleep(20);
      }
      Path trailDir = dir.resolve("trail");
      LocalDate today = LocalDate.now(ZoneId.systemDefault());
      Path tenDaysOld = trailDir.resolve("trail-" + today.minusDays(10) + ".jsonl");
      Path fourDaysOld = trailDir.resolve("trail-" + today.minusDays(4) + ".jsonl");
      Files.writeString(tenDaysOld, "{}\n");
      Files.writeString(fourDaysOld, "{}\n");
      Path todays = trailDir.resolve("trail-" + today + ".jsonl");
      assertTrue(Files.exists(todays), "the appender wrote today's file");

      retention.run();
      assertEquals(2, trail.trail("v-1", 10).size(), "30 days kept: nothing to purge");
      assertTrue(Files.exists(tenDaysOld));

      setting.set(5); // an admin's PUT /api/settings {"trailRetentionDays":5}
      retention.run();
      List<String> urls = trail.trail("v-1", 10).stream().map(e -> e.get("url").asText()).toList();
      assertEquals(List.of("http://shop.example/new"), urls, "the 10-day-old event is purged");
      assertFalse(Files.exists(tenDaysOld), "the 10-day-old daily file is deleted");
      assertTrue(Files.exists(fourDaysOld), "a file within the period stays");
      assertTrue(Files.exists(todays));

      setting.set(0);
      clock.millis = now + 365 * DAY;
      retention.run();
      assertEquals(1, trail.trail("v-1", 10).size(), "zero keeps everything");
      assertTrue(Files.exists(fourDaysOld));
    }
  }
}
