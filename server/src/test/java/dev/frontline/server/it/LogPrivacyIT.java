package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log of the real server (its jar, in its own process, at the default INFO level): personal
 * numbers typed anywhere never appear unmasked, and chat text does not appear at all.
 */
@Tag("database-agnostic")
class LogPrivacyIT {
  private static final String PHONE = "13812345678";
  private static final String ID_CARD = "11010519900307123X";
  private static final String BANK_CARD = "6222020200001234";
  /** Other writing forms of personal numbers, each with its masked form. */
  private static final Map<String, String> FORMS = Map.of(
      "138.1234.5678", "138.****.5678",
      "１３８１２３４５６７８", "１３８****５６７８",
      "0086 138 1234 5678", "0086 138 **** 5678",
      "+86-139-8765-4321", "+86-139-****-4321",
      "110105900307123", "110105******123");
  /** A phrase that occurs nowhere but in the chat. */
  private static final String CHAT_WORDS = "紫色大象在跳舞";

  @Test
  void personalNumbersNeverReachTheLogUnmasked_andChatTextNotAtAll() throws Exception {
    Path dir = Files.createTempDirectory("frontline-log");
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    String log;
    try (ServerProcess sp = ServerProcess.start(env)) {
      Http http = sp.http();
      List<String> typed = new java.util.ArrayList<>(List.of(PHONE, ID_CARD, BANK_CARD));
      typed.addAll(FORMS.keySet());
      for (String number : typed) {
        // A failed login is logged with the name typed, so these lines carry the numbers.
        assertEquals(401, http.post("/api/login", Map.of("username", number, "password", "wrong-password"), null)
            .status());
      }
      String text = CHAT_WORDS + " 手机" + PHONE + " 身份证" + ID_CARD + " 卡号" + BANK_CARD;
      String agentToken = http.post("/api/login", Map.of("username", "agent1", "password", TestServer.DEMO_PASSWORD),
          null).json().get("token").asText();
      try (WsClient agent = WsClient.connect(sp.ws("/ws/agent"));
          WsClient visitor = WsClient.connect(sp.ws("/ws/visitor"))) {
        agent.send(obj("type", "auth", "token", agentToken));
        agent.take("ready");
        agent.send(obj("type", "status", "status", "online"));
        agent.take("done", f -> "status".equals(f.path("for").asText()));
        visitor.send(obj("type", "hello", "token", null, "lastSeq", 0,
            "page", Map.of("url", "http://shop.example/plans?tel=" + PHONE, "title", "Plans " + ID_CARD)));
        String conv = visitor.take("welcome").get("conversationId").asText();
        visitor.send(obj("type", "send", "clientId", "to-bot", "text", text));
        visitor.take("ack");
        visitor.send(obj("type", "human"));
        agent.take("assigned");
        visitor.send(obj("type", "typing", "text", text));
        visitor.send(obj("type", "send", "clientId", "to-agent", "text", text));
        agent.take("message", f -> "visitor".equals(f.path("from").asText()) && f.path("text").asText().equals(text));
        agent.send(obj("type", "send", "conversationId", conv, "clientId", "reply", "text", text));
        visitor.take("message", f -> "agent".equals(f.path("from").asText()));
        visitor.send(obj("type", "close"));
        visitor.take("closed");
      }
      assertEquals(0, sp.terminate(30), "a clean stop");
      log = sp.output();
    } finally {
      TestServer.deleteQuietly(dir);
    }
    assertTrue(log.contains("event=conv.closed") && log.contains("event=server.stopped"),
        "the whole log was read, to the last line:\n" + log);
    for (String masked : List.of("138****5678", "110105********123X", "6222********1234")) {
      assertTrue(log.contains(masked), "a line carried the number, masked as " + masked + ":\n" + log);
    }
    for (Map.Entry<String, String> form : FORMS.entrySet()) {
      assertTrue(log.contains(form.getValue()), form.getKey() + " masked as " + form.getValue() + ":\n" + log);
      assertFalse(log.contains(form.getKey()), form.getKey() + " unmasked in the log:\n" + log);
    }
    for (String number : List.of(PHONE, ID_CARD, BANK_CARD)) {
      assertFalse(log.contains(number), number + " unmasked in the log:\n" + log);
    }
    assertFalse(log.contains(CHAT_WORDS), "chat text in the log at INFO:\n" + log);
  }
}
