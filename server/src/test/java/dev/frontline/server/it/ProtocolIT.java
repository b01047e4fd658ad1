package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The visitor protocol's promises: idempotent sends, resume, typing preview, bad frames. */
class ProtocolIT {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendTwice_sameClientId_storesOnceAndAcksTheSameSeq() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "send", "clientId", "dup-1", "text", "你好"));
      int seq = v.ws().take("ack").get("seq").asInt();
      v.ws().send(obj("type", "send", "clientId", "dup-1", "text", "你好"));
      assertEquals(seq, v.ws().take("ack").get("seq").asInt());
      JsonNode conv = server.http.get("/api/conversations/" + v.conversationId(), server.admin()).json();
      long copies = 0;
      for (JsonNode m : conv.get("messages")) {
        if ("dup-1".equals(m.path("clientId").asText())) {
          copies++;
        }
      }
      assertEquals(1, copies);
    }
  }

  @Test
  void sendTwiceBackToBack_beforeTheFirstIsDurable_bothGetTheSameAck() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().sendRaw("{\"type\":\"send\",\"clientId\":\"fast\",\"text\":\"一\"}");
      v.ws().sendRaw("{\"type\":\"send\",\"clientId\":\"fast\",\"text\":\"一\"}");
      int a = v.ws().take("ack").get("seq").asInt();
      int b = v.ws().take("ack").get("seq").asInt();
      assertEquals(a, b);
    }
  }

  @Test
  void aTextFrameThatIsNotUtf8_getsAnError_andIsClosedAsInvalidData() throws Exception {
    try (RawWs ws = RawWs.connect(server.port(), "/ws/visitor")) {
      assertEquals(1007, sendBadUtf8(ws), "closed as invalid payload data");
    }
  }

  /**
   * The closing handshake: after its Close frame the server keeps the connection until the
   * client's Close frame answers it (ending it at once lets a reset discard the Close frame at a
   * browser, which then sees 1006 and waits out its back-off instead of reconnecting at once);
   * a frame the client sent in the meantime is not acted on.
   */
  @Test
  void afterItsCloseFrame_theServerWaitsForTheClientsAnswer_andActsOnNothingMore() throws Exception {
    try (RawWs ws = RawWs.connect(server.port(), "/ws/visitor")) {
      assertEquals(1007, sendBadUtf8(ws));
      assertEquals(null, ws.read(Duration.ofMillis(400)), "still open, waiting for the client's Close");
      ws.sendText("{\"type\":\"hello\",\"token\":null,\"lastSeq\":0}");
      assertEquals(null, ws.read(Duration.ofMillis(400)), "a frame after the server's Close gets nothing");
      ws.sendClose(1007);
      RawWs.Frame last = ws.read(Duration.ofSeconds(5));
      assertTrue(last != null && last.opcode() == RawWs.END, "the answer ends the connection: " + last);
    }
  }

  @Test
  void aClientThatNeverAnswersTheCloseFrame_isCutOff() throws Exception {
    try (RawWs ws = RawWs.connect(server.port(), "/ws/visitor")) {
      assertEquals(1007, sendBadUtf8(ws));
      RawWs.Frame last = ws.read(Duration.ofSeconds(10));
      assertTrue(last != null && last.opcode() == RawWs.END, "cut off without an answer: " + last);
    }
  }

  /** Sends a text frame that is not UTF-8; returns the close status after the CONTRACT error. */
  private static int sendBadUtf8(RawWs ws) throws java.io.IOException {
    ws.sendText(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    String error = null;
    long end = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < end) {
      RawWs.Frame f = ws.read(Duration.ofMillis(500));
      if (f == null) {
        continue;
      }
      if (f.opcode() == RawWs.TEXT && f.text().contains("\"error\"")) {
        error = f.text();
      } else if (f.opcode() == RawWs.CLOSE) {
        assertTrue(error != null && error.contains("bad_request"), "a CONTRACT error first: " + error);
        return ((f.payload()[0] & 0xff) << 8) | (f.payload()[1] & 0xff);
      } else if (f.opcode() == RawWs.END) {
        break;
      }
    }
    return -1;
  }

  private void sql(String statement) throws java.sql.SQLException {
    try (java.sql.Connection c = server.server.database().connection(); java.sql.Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  /** Makes the real database refuse one message text, as it would refuse a write it cannot take. */
  private void refuse(String text) throws java.sql.SQLException {
    if (server.server.database().dialect() == dev.frontline.server.store.Dialect.SQLITE) {
      sql("CREATE TRIGGER refuse_boom BEFORE INSERT ON messages WHEN NEW.text = '" + text + "'"
          + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    } else {
      sql("ALTER TABLE messages ADD CONSTRAINT refuse_boom CHECK (text <> '" + text + "')");
    }
  }

  private void stopRefusing() throws java.sql.SQLException {
    if (server.server.database().dialect() == dev.frontline.server.store.Dialect.SQLITE) {
      sql("DROP TRIGGER refuse_boom");
    } else {
      sql("ALTER TABLE messages DROP CONSTRAINT refuse_boom");
    }
  }

  /** On both engines a message is acknowledged only once committed: a refused one is never acked. */
  @Test
  void aMessageTheDatabaseRefused_isNeverAcked_andItsResendIsStoredAnew() throws Exception {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "send", "clientId", "first", "text", "你好"));
      v.ws().take("ack");
      refuse("boom");
      v.ws().send(obj("type", "send", "clientId", "b1", "text", "boom"));
      assertEquals("unavailable", v.ws().take("error", f -> "b1".equals(f.path("clientId").asText()))
          .get("code").asText());
      v.ws().send(obj("type", "send", "clientId", "later", "text", "还在吗"));
      v.ws().take("ack", f -> "later".equals(f.path("clientId").asText()));

      v.ws().send(obj("type", "send", "clientId", "b1", "text", "boom"));
      ObjectNode again = v.ws().take(f -> "b1".equals(f.path("clientId").asText()), Duration.ofSeconds(10), "answer");
      assertEquals("error", again.get("type").asText(), "never acknowledged while it cannot be stored: " + again);

      stopRefusing();
      v.ws().send(obj("type", "send", "clientId", "b1", "text", "boom"));
      int seq = v.ws().take("ack", f -> "b1".equals(f.path("clientId").asText())).get("seq").asInt();
      JsonNode stored = null;
      for (JsonNode m : server.http.get("/api/conversations/" + v.conversationId(), server.admin()).json()
          .get("messages")) {
        if ("b1".equals(m.path("clientId").asText())) {
          assertEquals(null, stored, "stored once");
          stored = m;
        }
      }
      assertTrue(stored != null && stored.get("seq").asInt() == seq, "the acked seq is the stored message: " + stored);
    }
  }

  @Test
  void resume_withTokenAndLastSeq_replaysOnlyWhatWasMissed() {
    String token;
    String conv;
    try (TestServer.Visitor v = server.visitor()) {
      token = v.token();
      conv = v.conversationId();
      v.ws().send(obj("type", "send", "clientId", "a", "text", "怎么查话费余额"));
      v.ws().take("ack");
      v.ws().take("message", f -> "bot".equals(f.get("from").asText()) && f.has("faqId"));
      v.ws().abort();
    }
    try (TestServer.Visitor again = server.visitor(token, 2)) {
      assertTrue(again.welcome().get("returning").asBoolean());
      assertEquals(conv, again.conversationId());
      ObjectNode first = again.ws().take("message");
      assertEquals(3, first.get("seq").asInt(), "only seq > lastSeq is replayed");
      assertEquals("tel-001", first.get("faqId").asText());
    }
    try (TestServer.Visitor fresh = server.visitor("not-a-token", 0)) {
      assertFalse(fresh.welcome().get("returning").asBoolean(), "an unknown token makes a new visitor");
    }
  }

  @Test
  void resume_afterTheConversationClosedWhileAway_getsTheNewConversationsGreeting_whateverItsLastSeq() {
    String token;
    String conv;
    try (TestServer.Visitor v = server.visitor()) {
      token = v.token();
      conv = v.conversationId();
      assertEquals(1, v.ws().message("bot").get("seq").asInt());
      // Closed (here by the visitor's other tab) while this client had seen only the greeting.
      v.ws().send(obj("type", "close"));
      v.ws().take("closed");
      v.ws().abort();
    }
    try (TestServer.Visitor again = server.visitor(token, 1)) {
      assertNotEquals(conv, again.conversationId(), "a new conversation");
      ObjectNode greeting = again.ws().message("bot");
      assertEquals(1, greeting.get("seq").asInt(), "its greeting, though the client's lastSeq was 1 (of the old one)");
      assertTrue(greeting.get("menu").size() > 0);
    }
  }

  @Test
  void typingPreview_reachesAgentCoalesced_latestTextDelivered_andAdminCanSwitchItOff() throws Exception {
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      agent.take("assigned");
      String text = "我想查询一下上个月的话费账单明细";
      long start = System.nanoTime();
      for (int i = 1; i <= text.length(); i++) {
        v.ws().send(obj("type", "typing", "text", text.substring(0, i)));
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ObjectNode last = agent.take("typing", f -> text.equals(f.get("text").asText()));
      assertEquals("visitor", last.get("from").asText());
      List<ObjectNode> all = agent.history().stream().filter(f -> "typing".equals(f.path("type").asText())).toList();
      assertTrue(all.size() <= seconds * 4 + 2, all.size() + " previews in " + seconds + " s: at most ~4 a second");
      assertTrue(all.size() >= 2, "previews arrive while typing, not only at the end: " + all.size());

      Http.Res off = server.http.put("/api/settings", Map.of("typingPreview", false), server.admin());
      assertEquals(200, off.status(), off.body());
      assertFalse(off.json().get("typingPreview").asBoolean());
      v.ws().send(obj("type", "typing", "text", "secret draft"));
      v.ws().send(obj("type", "send", "clientId", "after", "text", "ok"));
      agent.take("message", f -> "ok".equals(f.get("text").asText()));
      Thread.sleep(400);
      assertTrue(agent.history().stream().noneMatch(f -> "secret draft".equals(f.path("text").asText())),
          "no preview once switched off");
    }
  }

  @Test
  void badFrames_getContractErrors_andTheConnectionStaysOpen() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().sendRaw("this is not json");
      assertEquals("bad_json", v.ws().take("error").get("code").asText());
      v.ws().sendRaw("{\"type\":\"launch_rockets\"}");
      assertEquals("unknown_type", v.ws().take("error").get("code").asText());
      v.ws().sendRaw("{\"type\":\"send\",\"text\":\"no client id\"}");
      ObjectNode missing = v.ws().take("error");
      assertEquals("missing_field", missing.get("code").asText());
      assertTrue(missing.get("message").asText().contains("clientId"));
      v.ws().sendRaw("{\"type\":\"send\",\"clientId\":\"big\",\"text\":\"" + "字".repeat(4001) + "\"}");
      assertEquals("too_large", v.ws().take("error").get("code").asText());
      v.ws().sendRaw("{\"type\":\"rate\",\"score\":9}");
      assertEquals("invalid_field", v.ws().take("error").get("code").asText());
      v.ws().sendRaw("[1,2,3]");
      assertEquals("bad_json", v.ws().take("error").get("code").asText());
      v.ws().sendBinary(new byte[] {1, 2, 3});
      assertEquals("unsupported", v.ws().take("error").get("code").asText());
      for (ObjectNode e : v.ws().history()) {
        assertFalse(e.toString().contains("Exception") || e.toString().contains("\tat "), "no stack trace: " + e);
      }
      v.ws().send(obj("type", "send", "clientId", "still-ok", "text", "还在吗"));
      assertEquals("still-ok", v.ws().take("ack").get("clientId").asText(), "the connection stayed usable");
    }
  }

  @Test
  void aNulCharacterInText_isAnInvalidField_onEitherDatabase_andNothingIsStored() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().sendRaw("{\"type\":\"send\",\"clientId\":\"nul\",\"text\":\"a\\u0000b\"}");
      ObjectNode e = v.ws().take("error");
      assertEquals("invalid_field", e.get("code").asText(), e.toString());
      assertTrue(e.get("message").asText().contains("text"), e.toString());
      v.ws().send(obj("type", "send", "clientId", "after-nul", "text", "正常的消息"));
      assertEquals("after-nul", v.ws().take("ack").get("clientId").asText(), "the connection stayed usable");
      assertTrue(v.ws().pending("ack").isEmpty(), "no ack for the refused frame: " + v.ws().pending("ack"));
      JsonNode conv = server.http.get("/api/conversations/" + v.conversationId(), server.admin()).json();
      assertFalse(conv.get("messages").toString().contains("\"nul\""), "nothing stored: " + conv);
    }
  }

  @Test
  void frameOverTheSizeLimit_getsAnErrorAndClosesTheConnection() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().sendRaw("{\"type\":\"send\",\"clientId\":\"huge\",\"text\":\"" + "x".repeat(70_000) + "\"}");
      assertEquals("too_large", v.ws().take("error").get("code").asText());
      assertEquals(1009, v.ws().awaitClose(Duration.ofSeconds(5)));
    }
  }

  @Test
  void firstFrameMustBeHello() {
    try (WsClient ws = WsClient.connect(server.ws("/ws/visitor"))) {
      ws.send(obj("type", "send", "clientId", "x", "text", "hi"));
      assertEquals("hello_required", ws.take("error").get("code").asText());
      ws.send(obj("type", "hello", "token", null, "lastSeq", 0));
      ws.take("welcome");
    }
  }

  @Test
  void fiveFramesASecond_isNotFlooding_butAFloodIsRefused() throws Exception {
    try (TestServer.Visitor v = server.visitor()) {
      for (int i = 0; i < 15; i++) {
        v.ws().send(obj("type", "track", "event", "page_view", "url", "http://x/" + i));
        Thread.sleep(200);
      }
      assertTrue(v.ws().pending("error").isEmpty(), "5 frames a second are fine: " + v.ws().pending("error"));
      for (int i = 0; i < 40; i++) {
        v.ws().send(obj("type", "track", "event", "flood", "n", i));
      }
      assertEquals("rate_limited", v.ws().take("error").get("code").asText());
      assertTrue(v.ws().open(), "a short burst is refused, the connection stays");
    }
  }

  @Test
  void aSustainedFlood_isClosedAsAPolicyViolation() throws Exception {
    try (TestServer.Visitor v = server.visitor()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      for (int i = 0; v.ws().open() && System.nanoTime() < deadline; i++) {
        try {
          v.ws().send(obj("type", "track", "event", "flood", "n", i));
        } catch (RuntimeException closedMeanwhile) {
          break;
        }
        Thread.sleep(10);
      }
      assertEquals(1008, v.ws().awaitClose(Duration.ofSeconds(5)), "about 100 frames a second is flooding");
      assertEquals("rate_limited", v.ws().take("error").get("code").asText(), "refused before it was closed");
    }
  }

  @Test
  void anAgentClosingTheChat_tellsTheVisitorClosedByAgent() {
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      agent.take("assigned");
      agent.send(obj("type", "close", "conversationId", v.conversationId()));
      ObjectNode closed = v.ws().take("closed");
      assertEquals("agent", closed.get("by").asText());
      assertEquals(v.conversationId(), closed.get("conversationId").asText());
      assertEquals("agent", agent.take("closed").get("by").asText());
    }
  }

  @Test
  void badFramesOnTheAgentSocket_getContractErrors_andTheConnectionStaysOpen() {
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, false)) {
      agent.sendRaw("this is not json");
      assertError(agent.take("error"), "bad_json", null);
      agent.sendRaw("{\"type\":\"launch_rockets\"}");
      assertError(agent.take("error"), "unknown_type", null);
      agent.sendRaw("{\"type\":\"send\",\"clientId\":\"a-1\",\"text\":\"您好\"}");
      assertError(agent.take("error"), "missing_field", "conversationId");
      agent.sendRaw("{\"type\":\"status\",\"status\":\"asleep\"}");
      assertError(agent.take("error"), "invalid_field", "status");
      agent.send(obj("type", "status", "status", "online"));
      agent.take("done", f -> "status".equals(f.path("for").asText()));
      assertTrue(agent.open(), "the connection stayed usable");
    }
  }

  /** A CONTRACT-shaped error frame: type, code, a readable message (naming {@code field}), no stack trace. */
  private static void assertError(ObjectNode e, String code, String field) {
    assertEquals(code, e.get("code").asText(), e.toString());
    String message = e.path("message").asText();
    assertFalse(message.isBlank(), e.toString());
    if (field != null) {
      assertTrue(message.contains(field), e.toString());
    }
    assertFalse(e.toString().contains("Exception") || e.toString().contains("\tat "), "no stack trace: " + e);
  }

  @Test
  void visitorReadBack_isRefusedToOtherAgents_andAllowedToSupervisors() {
    server.createUser("outsider", List.of("agent"), List.of("other"), 3);
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      agent.take("assigned");
      String outsider = server.login("outsider", "secret-outsider");
      assertEquals(403, server.http.get("/api/conversations/" + v.conversationId(), outsider).status());
      assertEquals(403, server.http.get("/api/visitors/" + v.visitorId() + "/trail", outsider).status());
      String agent1 = server.login("agent1", TestServer.DEMO_PASSWORD);
      assertEquals(200, server.http.get("/api/conversations/" + v.conversationId(), agent1).status());
      String sup = server.login("supervisor", TestServer.DEMO_PASSWORD);
      assertEquals(200, server.http.get("/api/conversations/" + v.conversationId(), sup).status());
    }
  }
}
