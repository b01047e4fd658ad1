package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A visitor asks the bot, asks for a person, chats with an agent, closes and rates; all read back. */
class ConversationRoundTripIT {
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
  void visitorBotAgentCloseRate_wholeRoundTripIsStoredAndReadBack() {
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      assertFalse(v.welcome().get("returning").asBoolean());
      ObjectNode greeting = v.ws().message("bot");
      assertEquals(1, greeting.get("seq").asInt());
      assertEquals(v.conversationId(), greeting.get("conversationId").asText());
      assertEquals(8, greeting.get("menu").size(), "the greeting carries the menu");

      v.ws().send(obj("type", "send", "clientId", "q1", "text", "怎么查话费余额？"));
      ObjectNode ack = v.ws().take("ack");
      assertEquals("q1", ack.get("clientId").asText());
      assertEquals(2, ack.get("seq").asInt());
      ObjectNode echo = v.ws().message("visitor");
      assertEquals("q1", echo.get("clientId").asText());
      ObjectNode answer = v.ws().message("bot");
      assertEquals("tel-001", answer.get("faqId").asText());
      assertEquals(3, answer.get("seq").asInt());

      v.ws().send(obj("type", "human"));
      ObjectNode assigned = v.ws().take("assigned");
      assertEquals("王小明", assigned.get("agent").get("name").asText());
      ObjectNode toAgent = agent.take("assigned");
      assertEquals(v.conversationId(), toAgent.get("conversationId").asText());
      assertEquals(v.visitorId(), toAgent.get("visitor").get("id").asText());
      assertTrue(toAgent.get("history").size() >= 3, "the agent gets the whole history, bot part included");
      assertEquals("怎么查话费余额？", toAgent.get("history").get(1).get("text").asText());

      agent.send(obj("type", "send", "conversationId", v.conversationId(), "clientId", "a1", "text", "您好，请问还有什么可以帮您？"));
      ObjectNode agentAck = agent.take("ack");
      assertEquals("a1", agentAck.get("clientId").asText());
      ObjectNode fromAgent = v.ws().message("agent");
      assertEquals("您好，请问还有什么可以帮您？", fromAgent.get("text").asText());
      assertEquals("王小明", fromAgent.get("author").get("name").asText());

      v.ws().send(obj("type", "send", "clientId", "q2", "text", "没有了，谢谢"));
      v.ws().take("ack", f -> "q2".equals(f.get("clientId").asText()));
      ObjectNode atAgent = agent.take("message", f -> "visitor".equals(f.get("from").asText()));
      assertEquals("没有了，谢谢", atAgent.get("text").asText());

      v.ws().send(obj("type", "close"));
      assertEquals("visitor", v.ws().take("closed").get("by").asText());
      assertEquals("visitor", agent.take("closed").get("by").asText());

      v.ws().send(obj("type", "rate", "score", 5, "comment", "很满意"));
      assertEquals(5, v.ws().take("rated").get("score").asInt());
      assertEquals(5, agent.take("rated").get("score").asInt(), "the console sees the rating");

      String admin = server.admin();
      Http.Res conv = server.http.get("/api/conversations/" + v.conversationId(), admin);
      assertEquals(200, conv.status(), conv.body());
      JsonNode c = conv.json();
      assertEquals("closed", c.get("state").asText());
      assertEquals(5, c.get("rating").asInt());
      assertEquals(v.visitorId(), c.get("visitorId").asText());
      List<Integer> seqs = new ArrayList<>();
      c.get("messages").forEach(m -> seqs.add(m.get("seq").asInt()));
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i + 1, seqs.get(i), "seq rises by one: " + seqs);
      }
      assertTrue(c.get("messages").toString().contains("没有了，谢谢"));

      Http.Res trail = server.http.get("/api/visitors/" + v.visitorId() + "/trail", admin);
      assertEquals(200, trail.status(), trail.body());
      List<String> events = new ArrayList<>();
      trail.json().get("events").forEach(e -> events.add(e.get("event").asText()));
      for (String e : List.of("page_view", "bot_question", "handoff", "assigned", "closed", "rated")) {
        assertTrue(events.contains(e), e + " in " + events);
      }
      JsonNode botQuestion = trail.json().get("events").get(events.indexOf("bot_question"));
      assertEquals("answer", botQuestion.get("decision").asText());
      assertEquals("tel-001", botQuestion.get("faqId").asText());
      long prev = 0;
      for (JsonNode e : trail.json().get("events")) {
        assertTrue(e.get("ts").asLong() >= prev, "oldest first");
        prev = e.get("ts").asLong();
      }
    }
  }

  @Test
  void botAnswerEndpoint_answersSuggestsAndHandsOff() {
    Http.Res a = server.http.get("/api/bot/answer?q=" + Http.enc("怎么查话费余额"), null);
    assertEquals(200, a.status());
    assertEquals("answer", a.json().get("decision").asText());
    assertEquals("tel-001", a.json().get("faqId").asText());
    assertNotNull(a.json().get("answer").asText());
    double score = a.json().get("score").asDouble();
    assertTrue(score > 0 && score <= 1, "score in (0,1]: " + score);

    Http.Res h = server.http.get("/api/bot/answer?q=" + Http.enc("转人工"), null);
    assertEquals("handoff", h.json().get("decision").asText());
    assertTrue(h.json().has("faqId") && h.json().get("faqId").isNull(), "faqId is present and null: " + h.body());
    assertTrue(h.json().get("suggestions").isArray());

    Http.Res missing = server.http.get("/api/bot/answer", null);
    assertEquals(400, missing.status());
    assertEquals("missing_field", missing.json().get("error").get("code").asText());
  }

  @Test
  void noAgentOnline_visitorAskingForPersonGetsNoAgentAndStaysWithBot() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().message("bot");
      v.ws().send(obj("type", "human"));
      v.ws().take("no_agent");
      v.ws().send(obj("type", "send", "clientId", "x", "text", "怎么查话费余额"));
      assertEquals("tel-001", v.ws().take("message", f -> "bot".equals(f.get("from").asText())
          && f.has("faqId")).get("faqId").asText(), "the bot still answers after no_agent");
    }
  }

  @Test
  void secondMissInARow_handsOffToAPerson() {
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      v.ws().message("bot");
      v.ws().send(obj("type", "send", "clientId", "m1", "text", "火星上的天气怎么样"));
      ObjectNode first = v.ws().take("message", f -> "bot".equals(f.get("from").asText()) && f.get("seq").asInt() > 2);
      assertTrue(v.ws().pending("assigned").isEmpty(), "one miss is not a hand-off: " + first);
      v.ws().send(obj("type", "send", "clientId", "m2", "text", "量子计算机的原理是什么"));
      v.ws().take("assigned");
      assertEquals(v.conversationId(), agent.take("assigned").get("conversationId").asText());
    }
  }

  @Test
  void questionInAPersonOnlyCategory_goesStraightToThatGroup() {
    try (WsClient agent2 = server.agent("agent2", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      v.ws().message("bot");
      v.ws().send(obj("type", "send", "clientId", "c1", "text", "我要投诉你们的装维人员"));
      assertEquals("李华", v.ws().take("assigned").get("agent").get("name").asText());
      assertEquals("complaint", agent2.take("assigned").get("group").asText());
    }
    Http.Res a = server.http.get("/api/bot/answer?q=" + Http.enc("我要投诉你们的装维人员"), null);
    assertEquals("handoff", a.json().get("decision").asText());
    assertEquals("direct_to_person", a.json().get("reason").asText());
  }

  @Test
  void menuChoiceOfPersonCategory_routesToThatGroup() {
    try (WsClient agent2 = server.agent("agent2", TestServer.DEMO_PASSWORD, true);
        WsClient agent1 = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = server.visitor()) {
      v.ws().message("bot");
      v.ws().send(obj("type", "menu", "id", "complaint"));
      ObjectNode assigned = v.ws().take("assigned");
      assertEquals("李华", assigned.get("agent").get("name").asText(), "complaints go to agent2's group");
      assertEquals("complaint", agent2.take("assigned").get("group").asText());
      assertTrue(agent1.pending("assigned").isEmpty());
    }
  }
}
