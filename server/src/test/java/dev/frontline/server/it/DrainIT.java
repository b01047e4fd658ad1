package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM drains (CONTRACT section 10): no new connections, {@code /healthz} 503 on the ones
 * already open, every WebSocket (visitor and agent) closed with 1012 so that its client reconnects
 * at once, queued writes finished, exit 0; nothing acknowledged before the signal is lost.
 */
class DrainIT {

  @Test
  void sigterm_closesVisitorAndAgentWith1012_exitsZero_andEveryAckedMessageIsThereAfterTheRestart() throws Exception {
    Path dir = Files.createTempDirectory("frontline-drain");
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("FRONTLINE_BOT_DENSE", "0");
    String conversationId;
    Map<String, Integer> acked = new LinkedHashMap<>();
    try {
      try (ServerProcess first = ServerProcess.start(env)) {
        WsClient visitor = WsClient.connect(first.ws("/ws/visitor"));
        visitor.send(obj("type", "hello", "token", null, "lastSeq", 0));
        conversationId = visitor.take("welcome").get("conversationId").asText();
        WsClient agent = TestServer.agentAt(first.ws("/ws/agent"),
            TestServer.login(first.http(), "agent1", TestServer.DEMO_PASSWORD), true);
        for (int i = 0; i < 10; i++) {
          visitor.send(obj("type", "send", "clientId", "d" + i, "text", "before the restart " + i));
        }
        for (int i = 0; i < 10; i++) {
          String id = "d" + i;
          acked.put(id, visitor.take("ack", f -> id.equals(f.path("clientId").asText())).get("seq").asInt());
        }

        assertEquals(0, first.terminate(30), "SIGTERM drains and exits 0");
        assertEquals(1012, visitor.awaitClose(Duration.ofSeconds(5)), "the visitor is told: service restart");
        assertEquals(1012, agent.awaitClose(Duration.ofSeconds(5)), "the agent is told: service restart");
        String out = first.output();
        assertTrue(out.contains("event=server.drained websockets=2 closeCode=1012"), out);
        assertTrue(out.contains("event=server.stopped"), out);
      }
      try (ServerProcess second = ServerProcess.start(env)) {
        String admin = new DurabilityIT.TestLogin(second.http()).admin();
        JsonNode conv = second.http().get("/api/conversations/" + conversationId, admin).json();
        Map<String, Integer> stored = Outages.storedOnce(conv);
        assertEquals(acked, new LinkedHashMap<>(filter(stored, acked)), "every acked message, with its seq");
      }
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }

  private static Map<String, Integer> filter(Map<String, Integer> stored, Map<String, Integer> wanted) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String k : wanted.keySet()) {
      out.put(k, stored.get(k));
    }
    return out;
  }

  @Test
  void whileDraining_healthzOnAnOpenConnectionIs503_newConnectionsAreRefused_andWebSocketsGet1012() throws Exception {
    TestServer server = TestServer.start(Map.of("FRONTLINE_BOT_DENSE", "0"));
    try (Socket http = new Socket("127.0.0.1", server.port());
        TestServer.Visitor visitor = server.visitor()) {
      assertEquals(200, healthz(http).status(), "healthy before");
      server.server.drain();
      assertEquals(1012, visitor.ws().awaitClose(Duration.ofSeconds(5)));
      Raw during = healthz(http);
      assertEquals(503, during.status(), "an open connection is told the server is draining");
      assertTrue(during.body().contains("\"code\":\"unavailable\"") && during.body().contains("draining"), during.body());
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close(),
          "the listening socket is closed first");
    } finally {
      server.close();
    }
  }

  private record Raw(int status, String body) {}

  /** One keep-alive GET /healthz on an open socket. */
  private static Raw healthz(Socket s) throws IOException {
    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    String head = readHead(in);
    int status = Integer.parseInt(head.substring(9, 12));
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new Raw(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      byte[] a = b.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        break;
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

}
