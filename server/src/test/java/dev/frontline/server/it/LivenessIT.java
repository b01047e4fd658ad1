package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Liveness with short timers (ping after 1 s of silence, idle close after 3 s): answering pings
 * keeps a silent socket open, not answering closes it, and a socket that never says hello or
 * auth is told so and closed after 10 s (CONTRACT sections 4 and 5).
 */
@Tag("database-agnostic")
class LivenessIT {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_PING_SECONDS", "1", "FRONTLINE_IDLE_SECONDS", "3"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSilentVisitorThatAnswersPings_staysOpen_whileOneThatDoesNot_isClosedAfterTheIdleTimeout() throws Exception {
    try (TestServer.Visitor answering = server.visitor(); RawWs deaf = RawWs.connect(server.port(), "/ws/visitor")) {
      long start = System.nanoTime();
      deaf.sendText("{\"type\":\"hello\",\"token\":null,\"lastSeq\":0}");
      int pings = 0;
      long endedMs = -1;
      while (endedMs < 0 && elapsedMs(start) < 8_000) {
        RawWs.Frame f = deaf.read(Duration.ofMillis(500));
        if (f == null) {
          continue;
        }
        if (f.opcode() == RawWs.PING) {
          pings++;
        } else if (f.opcode() == RawWs.END || f.opcode() == RawWs.CLOSE) {
          endedMs = elapsedMs(start);
        } else {
          assertEquals(RawWs.TEXT, f.opcode(), "welcome and greeting are text frames");
        }
      }
      assertTrue(pings >= 1, "the server pinged the silent client");
      assertTrue(endedMs >= 2_500 && endedMs <= 6_000, "closed about 3 s after its last frame, not at "
          + endedMs + " ms");

      Thread.sleep(Math.max(0, 8_000 - elapsedMs(start)));
      assertTrue(answering.ws().open(), "8 s of silence, pongs only, and still open");
      answering.ws().send(obj("type", "send", "clientId", "after-silence", "text", "还在"));
      assertEquals("after-silence", answering.ws().take("ack").get("clientId").asText());
    }
  }

  @Test
  void socketsThatNeverSayHelloOrAuth_getAnErrorAndAreClosedAfterTenSeconds() {
    long start = System.nanoTime();
    try (WsClient agent = WsClient.connect(server.ws("/ws/agent"));
        WsClient visitor = WsClient.connect(server.ws("/ws/visitor"))) {
      for (WsClient ws : List.of(agent, visitor)) {
        ObjectNode error = ws.take(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(14), "error");
        assertEquals("hello_required", error.get("code").asText());
        assertNotEquals("", error.path("message").asText());
        assertEquals(1008, ws.awaitClose(Duration.ofSeconds(3)), "closed as a policy violation");
      }
      long took = elapsedMs(start);
      assertTrue(took >= 9_500 && took <= 13_000, "closed 10 s after opening (the pings were answered), not at "
          + took + " ms");
    }
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
