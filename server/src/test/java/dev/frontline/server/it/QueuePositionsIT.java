package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Queue positions over real sockets while agents free slots quickly: the first position at once,
 * then updates at most once per window, positions that never go up, and in the end every
 * visitor's true position.
 */
class QueuePositionsIT {

  private static List<Integer> positions(TestServer.Visitor v) {
    List<Integer> out = new ArrayList<>();
    for (ObjectNode f : v.ws().history()) {
      if ("queued".equals(f.path("type").asText())) {
        out.add(f.get("position").asInt());
      }
    }
    return out;
  }

  private static TestServer.Visitor askForPerson(TestServer server) {
    TestServer.Visitor v = server.visitor();
    v.ws().send(obj("type", "human", "group", "consult"));
    return v;
  }

  @Test
  void slotsFreedRapidly_everyVisitorLeftEndsAtItsTruePosition_positionsNeverGoUp_updatesAreThrottled() {
    long window = 300;
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_QUEUE_UPDATE_MS", "" + window))) {
      server.createUser("quick", List.of("agent"), List.of("consult"), 1);
      try (WsClient agent = server.agent("quick", "secret-quick", true)) {
        List<TestServer.Visitor> visitors = new ArrayList<>();
        TestServer.Visitor first = askForPerson(server);
        first.ws().take("assigned");
        String chat = agent.take("assigned").get("conversationId").asText();
        for (int i = 1; i <= 8; i++) {
          TestServer.Visitor v = askForPerson(server);
          assertEquals(i, v.ws().take("queued").get("position").asInt(), "the first position, at once");
          visitors.add(v);
        }
        long start = System.nanoTime();
        // The agent closes four chats as fast as they come: visitors 1..4 are served, 5..8 move up by four.
        for (int served = 0; served < 4; served++) {
          agent.send(obj("type", "close", "conversationId", chat));
          agent.take("closed");
          chat = agent.take("assigned").get("conversationId").asText();
          assertEquals(visitors.get(served).conversationId(), chat, "first come, first served");
        }
        for (int i = 5; i <= 8; i++) {
          int truth = i - 4;
          visitors.get(i - 1).ws().take("queued", f -> f.get("position").asInt() == truth);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // Quiet for two windows: nothing more may come, and what came last is the truth.
        sleep(2 * window + 200);
        for (int i = 5; i <= 8; i++) {
          List<Integer> seen = positions(visitors.get(i - 1));
          assertEquals(i - 4, seen.get(seen.size() - 1), "visitor " + i + " saw " + seen);
          for (int k = 1; k < seen.size(); k++) {
            assertTrue(seen.get(k) < seen.get(k - 1), "positions only go down, and only changes are sent: " + seen);
          }
          // The first position, then at most one per window (every change at once would be five).
          assertTrue(seen.size() <= 2 + elapsedMs / window, "visitor " + i + " saw " + seen + " in " + elapsedMs + " ms");
        }
        visitors.forEach(TestServer.Visitor::close);
        first.close();
      }
    }
  }

  @Test
  void theFirstPosition_comesAtOnce_evenWithAMinuteLongWindow() {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_QUEUE_UPDATE_MS", "60000"))) {
      server.createUser("solo", List.of("agent"), List.of("consult"), 1);
      try (WsClient agent = server.agent("solo", "secret-solo", true);
          TestServer.Visitor first = askForPerson(server)) {
        first.ws().take("assigned");
        try (TestServer.Visitor second = askForPerson(server); TestServer.Visitor third = askForPerson(server)) {
          // Well within the minute: the first position is not held back by the window.
          assertEquals(1, firstQueued(second).get("position").asInt());
          assertEquals(2, firstQueued(third).get("position").asInt());
          // Assignment is never held back by the window.
          agent.send(obj("type", "close", "conversationId", agent.take("assigned").get("conversationId").asText()));
          second.ws().take("assigned");
        }
      }
    }
  }

  private static ObjectNode firstQueued(TestServer.Visitor v) {
    return v.ws().take(f -> "queued".equals(f.path("type").asText()), Duration.ofSeconds(5), "the first queued frame");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
