package dev.frontline.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The floor on an ephemeral port, spoken to by JDK WebSocket and HTTP clients. */
class FloorServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static FloorServer floor;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    floor = new FloorServer();
    port = floor.start(0);
  }

  @AfterAll
  static void stop() {
    floor.close();
  }

  /** A visitor socket that queues every text frame it receives (whole messages). */
  private static final class Visitor implements WebSocket.Listener {
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final WebSocket socket;

    Visitor() {
      socket = HTTP.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + FloorServer.WEBSOCKET_PATH), this)
          .join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          frames.add(JSON.createObjectNode().put("type", "unparseable: " + partial));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    void send(String json) {
      socket.sendText(json, true).join();
    }

    /** The next frame, waiting up to 5 s; fails if none came. */
    JsonNode next() throws InterruptedException {
      JsonNode f = frames.poll(5, TimeUnit.SECONDS);
      assertNotNull(f, "no frame within 5 s");
      return f;
    }

    JsonNode hello() throws InterruptedException {
      send("{\"type\":\"hello\",\"token\":null,\"lastSeq\":0}");
      JsonNode welcome = next();
      assertEquals("welcome", welcome.path("type").asText());
      return welcome;
    }
  }

  @Test
  void healthz_isOk_andOtherPathsAreNotFound() throws Exception {
    HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode());
    HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/x"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
  }

  @Test
  void hello_getsWelcome_withAConversationOfItsOwn() throws Exception {
    Visitor a = new Visitor();
    Visitor b = new Visitor();
    JsonNode wa = a.hello();
    JsonNode wb = b.hello();
    assertFalse(wa.path("conversationId").asText().isEmpty());
    assertNotEquals(wa.path("conversationId").asText(), wb.path("conversationId").asText());
    assertFalse(wa.path("returning").asBoolean(true));
    assertEquals("bot", wa.path("state").asText());
  }

  @Test
  void human_getsQueued() throws Exception {
    Visitor v = new Visitor();
    v.hello();
    v.send("{\"type\":\"human\"}");
    JsonNode q = v.next();
    assertEquals("queued", q.path("type").asText());
    assertEquals(1, q.path("position").asInt());
  }

  @Test
  void everySend_isAckedInOrder_withItsClientId_andSeqCountingPerSocket() throws Exception {
    List<Visitor> visitors = List.of(new Visitor(), new Visitor(), new Visitor());
    List<String> conversations = new ArrayList<>();
    for (Visitor v : visitors) {
      conversations.add(v.hello().path("conversationId").asText());
    }
    int perSocket = 200;
    for (int i = 1; i <= perSocket; i++) {
      for (int s = 0; s < visitors.size(); s++) {
        visitors.get(s).send("{\"type\":\"send\",\"clientId\":\"v" + s + "-m" + i + "\",\"text\":\"问题 " + i + "\"}");
      }
    }
    for (int s = 0; s < visitors.size(); s++) {
      Visitor v = visitors.get(s);
      for (int i = 1; i <= perSocket; i++) {
        JsonNode ack = v.next();
        assertEquals("ack", ack.path("type").asText(), ack.toString());
        assertEquals("v" + s + "-m" + i, ack.path("clientId").asText());
        assertEquals(i, ack.path("seq").asLong());
        assertEquals(conversations.get(s), ack.path("conversationId").asText());
      }
      assertNull(v.frames.poll(200, TimeUnit.MILLISECONDS), "one ack per send, none more (watched 200 ms)");
    }
  }

  @Test
  void aFrameThatIsNotJson_isIgnored_andTheSocketStaysUsable() throws Exception {
    Visitor v = new Visitor();
    v.send("not json");
    v.hello();
    v.send("{\"type\":\"send\",\"clientId\":\"c1\",\"text\":\"x\"}");
    JsonNode ack = v.next();
    assertEquals("c1", ack.path("clientId").asText());
    assertEquals(1, ack.path("seq").asLong());
  }
}
