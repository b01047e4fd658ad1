package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Supervisors' alerts on /ws/agent: a chat without a reply, a long queue, a long wait; agents get none. */
class AlertsIT {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void unansweredChat_longQueue_andLongWait_arePushedToSupervisorsOnly() {
    String admin = server.admin();
    assertEquals(200, server.http.put("/api/settings", Map.of("alertNoReplySeconds", 1, "alertQueueLength", 1,
        "firstResponseTargetSeconds", 1), admin).status());
    server.createUser("ax", List.of("agent"), List.of("consult"), 1);
    server.createUser("boss", List.of("supervisor"), List.of(), 1);
    try (WsClient boss = server.agent("boss", "secret-boss", false);
        WsClient ax = server.agent("ax", "secret-ax", true);
        TestServer.Visitor v1 = server.visitor();
        TestServer.Visitor v2 = server.visitor();
        TestServer.Visitor v3 = server.visitor()) {
      v1.ws().send(obj("type", "human"));
      ax.take("assigned");
      v1.ws().send(obj("type", "send", "clientId", "x1", "text", "有人吗"));
      v1.ws().take("ack");
      ObjectNode noReply = boss.take(f -> "alert".equals(f.path("type").asText())
          && "no_reply".equals(f.path("kind").asText()), Duration.ofSeconds(10), "no_reply alert");
      assertEquals(v1.conversationId(), noReply.get("conversationId").asText());
      assertEquals("Agent ax", noReply.get("agentName").asText());
      assertTrue(noReply.get("waitedMs").asLong() >= 1000, noReply.toString());

      v2.ws().send(obj("type", "human"));
      v2.ws().take("queued");
      v3.ws().send(obj("type", "human"));
      v3.ws().take("queued");
      ObjectNode queue = boss.take(f -> "alert".equals(f.path("type").asText())
          && "queue".equals(f.path("kind").asText()), Duration.ofSeconds(10), "queue alert");
      assertEquals("consult", queue.get("group").asText());
      assertEquals(2, queue.get("count").asInt());
      ObjectNode wait = boss.take(f -> "alert".equals(f.path("type").asText())
          && "wait".equals(f.path("kind").asText()) && v2.conversationId().equals(f.path("conversationId").asText()),
          Duration.ofSeconds(10), "wait alert for the first in the queue");
      assertTrue(wait.get("waitedMs").asLong() > 1000, wait.toString());

      // Each alert once while its condition holds: alerts are checked every second, so 2.5 s
      // of watching spans at least two more checks, none of which may repeat one.
      assertThrows(AssertionError.class, () -> boss.take(f -> "alert".equals(f.path("type").asText())
          && ("no_reply".equals(f.path("kind").asText()) || "queue".equals(f.path("kind").asText())),
          Duration.ofMillis(2500), "a repeated alert"));
      assertTrue(ax.history().stream().noneMatch(f -> "alert".equals(f.path("type").asText())),
          "an agent who is not a supervisor gets no alerts");
    }
  }
}
