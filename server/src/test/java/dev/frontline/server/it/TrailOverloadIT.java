package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.trail.TrailRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * When the events journal refuses trail events (its queue made tiny here, so that a burst fills
 * it), none is lost without a word: the sender gets {@code error overloaded} for each of its
 * refused {@code track} frames, operators see the count in {@code /api/trajectory/stats}, and the
 * log says so at WARN.
 */
class TrailOverloadIT {
  private static final int VISITORS = 4;
  private static final int FRAMES = 15;

  private TestServer server;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger trailLogger = (Logger) LoggerFactory.getLogger(TrailRecorder.class);

  @BeforeEach
  void start() {
    log.start();
    trailLogger.addAppender(log);
    server = TestServer.start(Map.of("FRONTLINE_EVENTS_QUEUE", "1"));
  }

  @AfterEach
  void stop() {
    server.close();
    trailLogger.detachAppender(log);
  }

  @Test
  void refusedTrackEvents_areAnsweredOverloaded_countedAndLogged_andEveryOtherOneIsDurable() throws Exception {
    String run = "run-" + System.nanoTime();
    List<TestServer.Visitor> visitors = new ArrayList<>();
    for (int i = 0; i < VISITORS; i++) {
      visitors.add(server.visitor());
    }
    Thread.sleep(300);
    for (int n = 0; n < FRAMES; n++) {
      for (TestServer.Visitor v : visitors) {
        v.ws().send(obj("type", "track", "event", "probe", "run", run, "n", n));
      }
    }
    String admin = server.admin();
    int sent = VISITORS * FRAMES;
    int refused = 0;
    long durable = 0;
    for (int look = 0; look < 50 && refused + durable < sent; look++) {
      Thread.sleep(200);
      refused = 0;
      for (TestServer.Visitor v : visitors) {
        for (ObjectNode e : v.ws().pending("error")) {
          assertEquals("overloaded", e.get("code").asText(), e.toString());
          assertEquals("track", e.get("for").asText(), e.toString());
          refused++;
        }
      }
      durable = server.http.get("/api/trajectory/export", admin).body().lines()
          .filter(l -> l.contains("\"run\":\"" + run + "\"")).count();
    }
    visitors.forEach(TestServer.Visitor::close);
    assertTrue(refused > 0, "a queue of one refuses some of a burst of " + sent);
    assertEquals(sent, refused + durable, "every event is durable or was answered overloaded");
    JsonNode stats = server.http.get("/api/trajectory/stats", admin).json().get("events");
    assertTrue(stats.get("refused").asLong() >= refused, stats.toString());
    assertEquals(0, stats.get("failed").asLong(), stats.toString());
    assertTrue(stats.get("written").asLong() >= durable, stats.toString());
    List<ILoggingEvent> lines = log.list.stream()
        .filter(e -> e.getFormattedMessage().startsWith("event=trail.events_lost reason=journal_refused")).toList();
    assertTrue(!lines.isEmpty() && "WARN".equals(lines.get(0).getLevel().toString()), "a WARN line says events were lost");
    long seconds = (System.currentTimeMillis() - lines.get(0).getTimeStamp()) / 1000;
    assertTrue(lines.size() <= 1 + seconds / 10, lines.size() + " lines in " + seconds + " s: at most one per 10 s");
    String supervisor = server.login("supervisor", TestServer.DEMO_PASSWORD);
    assertEquals(200, server.http.get("/api/trajectory/stats", supervisor).status());
    String agent = server.login("agent1", TestServer.DEMO_PASSWORD);
    assertEquals(403, server.http.get("/api/trajectory/stats", agent).status());
  }
}
