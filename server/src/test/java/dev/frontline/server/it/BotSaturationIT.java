package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat path never waits behind the bot: with every bot thread held busy, visitors' messages
 * are acknowledged, an agent's message reaches its visitor, and questions the bot cannot take
 * in time get a short bot reply at once instead of silence. Not a timing: the bot's one thread is
 * held by a task that only ends when the test lets it, and the wait budget is zero, so a question
 * is refused exactly when no thread is free.
 */
class BotSaturationIT {
  private static final String BUSY_ZH = "当前咨询的人较多";
  private TestServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void botHeldBusy_visitorsAreAcked_agentMessageDelivered_overflowGetsShortReplyAtOnce() throws Exception {
    server = TestServer.start(Map.of("FRONTLINE_BOT_THREADS", "1", "FRONTLINE_BOT_WAIT_MS", "0"));
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor withAgent = server.visitor()) {
      withAgent.ws().send(obj("type", "human"));
      withAgent.ws().take("assigned");
      agent.take("assigned");

      CountDownLatch holding = new CountDownLatch(1);
      assertTrue(server.server.botGateway().run(() -> {
        holding.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }), "the idle bot takes the task");
      assertTrue(holding.await(10, TimeUnit.SECONDS), "the bot's only thread is held");

      List<TestServer.Visitor> asking = new ArrayList<>();
      try {
        for (int i = 0; i < 12; i++) {
          asking.add(server.visitor());
        }
        for (int i = 0; i < asking.size(); i++) {
          asking.get(i).ws().message("bot"); // the greeting
          asking.get(i).ws().send(obj("type", "send", "clientId", "q" + i, "text", "怎么查话费余额？第" + i + "次"));
        }
        for (int i = 0; i < asking.size(); i++) {
          String id = "q" + i;
          WsClient ws = asking.get(i).ws();
          assertEquals(2, ws.take("ack", f -> id.equals(f.path("clientId").asText())).get("seq").asInt());
          ObjectNode reply = ws.message("bot");
          assertTrue(reply.get("text").asText().contains(BUSY_ZH), "a short reply, not an answer: " + reply);
          assertTrue(reply.get("text").asText().contains("转人工"), "it offers a person: " + reply);
          assertEquals(3, reply.get("seq").asInt(), "stored, after the question");
        }

        agent.send(obj("type", "send", "conversationId", withAgent.conversationId(), "clientId", "a1",
            "text", "您好，我在。"));
        agent.take("ack", f -> "a1".equals(f.path("clientId").asText()));
        assertEquals("您好，我在。", withAgent.ws().message("agent").get("text").asText());
        withAgent.ws().send(obj("type", "send", "clientId", "v1", "text", "好的"));
        withAgent.ws().take("ack", f -> "v1".equals(f.path("clientId").asText()));
        assertEquals("好的", agent.take("message", f -> "visitor".equals(f.path("from").asText())).get("text").asText());

        assertTrue(degraded() >= asking.size(), "counted in /metrics: " + degraded());

        release.countDown();
        MaskingIT.await(Duration.ofSeconds(10), "the held task ends",
            () -> server.server.botGateway().inFlight() == 0 ? Boolean.TRUE : null);
        WsClient first = asking.get(0).ws();
        first.send(obj("type", "send", "clientId", "again", "text", "怎么查话费余额？"));
        first.take("ack", f -> "again".equals(f.path("clientId").asText()));
        assertEquals("tel-001", first.message("bot").path("faqId").asText(), "once free, the bot answers again");
      } finally {
        asking.forEach(TestServer.Visitor::close);
      }
    }
  }

  @Test
  void afterNoAgent_botDoesNotHandOffAgainForEveryQuestion_butAskingForPersonDoes() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
    try (TestServer.Visitor v = server.visitor()) {
      WsClient ws = v.ws();
      ws.message("bot");
      ask(ws, "m1", "xqzv wplk");
      ws.message("bot"); // please rephrase
      ask(ws, "m2", "zzkq vvbn");
      assertTrue(ws.message("bot").get("text").asText().contains("转接人工"), "the second miss hands off");
      assertEquals("no_agent_online", ws.take("no_agent").get("reason").asText());
      ws.message("bot"); // nobody is online: leave a message

      ask(ws, "m3", "pqwx lkjh");
      ws.message("bot"); // please rephrase
      ask(ws, "m4", "mnbv cxzq");
      String text = ws.message("bot").get("text").asText();
      assertTrue(text.contains("暂无人工客服在线") && !text.contains("正在为您转接"), text);

      // The dispatcher answers requests in order: a hand-off after m4 would have brought its
      // no_agent before the one for this explicit request.
      ws.send(obj("type", "human"));
      ws.take("no_agent");
      long noAgents = ws.history().stream().filter(f -> "no_agent".equals(f.path("type").asText())).count();
      assertEquals(2, noAgents, "one for the bot's hand-off, one for asking for a person");
    }
  }

  private static void ask(WsClient ws, String clientId, String text) {
    ws.send(obj("type", "send", "clientId", clientId, "text", text));
    ws.take("ack", f -> clientId.equals(f.path("clientId").asText()));
  }

  private double degraded() {
    Http.Res r = server.http.get("/metrics", server.admin());
    assertEquals(200, r.status());
    Matcher m = Pattern.compile("(?m)^frontline_bot_degraded_total\\{reason=\"full\"} ([0-9.eE+]+)$").matcher(r.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
