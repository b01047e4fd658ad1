package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Human service around routing: work orders, returning visitors, queue rules, inactivity, canned responses, files, figures. */
class ServiceIT {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WsClient agent(String name) {
    return server.agent(name, "secret-" + name, true);
  }

  @Test
  void leaveMessage_becomesATicket_agentsOfTheGroupWorkIt_andTheReturningVisitorSeesItsStatus() {
    server.createUser("fixer", List.of("agent"), List.of("after_sales"), 3);
    server.createUser("other", List.of("agent"), List.of("shopping"), 3);
    String token;
    String ticketId;
    try (TestServer.Visitor v = server.visitor()) {
      token = v.token();
      v.ws().send(obj("type", "menu", "id", "after_sales"));
      v.ws().take("no_agent");
      v.ws().send(obj("type", "leave_message", "text", "宽带坏了，请上门维修", "kind", "故障报修",
          "contact", Map.of("name", "张先生", "phone", "13812345678", "email", "z@example.com")));
      ObjectNode t = v.ws().take("ticket");
      assertEquals("open", t.get("status").asText());
      ticketId = t.get("ticketId").asText();
    }
    String fixer = server.login("fixer", "secret-fixer");
    Http.Res list = server.http.get("/api/tickets?status=open", fixer);
    assertEquals(200, list.status(), list.body());
    JsonNode first = list.json().get("tickets").get(0);
    assertEquals(ticketId, first.get("id").asText());
    assertEquals("故障报修", first.get("kind").asText());
    assertEquals("13812345678", first.get("contact").get("phone").asText());
    assertEquals("宽带坏了，请上门维修", first.get("text").asText());
    String other = server.login("other", "secret-other");
    assertEquals(0, server.http.get("/api/tickets", other).json().get("tickets").size(), "another group's agent sees none");
    assertEquals(403, server.http.put("/api/tickets/" + ticketId, Map.of("status", "pending"), other).status());

    Http.Res upd = server.http.put("/api/tickets/" + ticketId, Map.of("status", "pending", "note", "已预约明天上午"), fixer);
    assertEquals(200, upd.status(), upd.body());
    assertEquals("pending", upd.json().get("status").asText());
    assertEquals("已预约明天上午", upd.json().get("notes").get(0).get("text").asText());
    assertEquals(400, server.http.put("/api/tickets/" + ticketId, Map.of("status", "lost"), fixer).status());
    assertEquals(1, server.http.get("/api/tickets?status=pending", server.admin()).json().get("tickets").size());

    try (TestServer.Visitor back = server.visitor(token, 0)) {
      ObjectNode mine = back.ws().take("tickets");
      assertEquals(ticketId, mine.get("tickets").get(0).get("ticketId").asText());
      assertEquals("pending", mine.get("tickets").get(0).get("status").asText());
      server.http.put("/api/tickets/" + ticketId, Map.of("status", "resolved"), fixer);
      assertEquals("resolved", back.ws().take("ticket").get("status").asText(), "live status change");
    }
  }

  @Test
  void anAgentTakesATicket_aSupervisorGivesItToAnother_andTheAssigneeIsReadBackByNameAndUnderMine() {
    long taker = server.createUser("taker", List.of("agent"), List.of("consult"), 3);
    long helper = server.createUser("helper", List.of("agent"), List.of("shopping"), 3);
    server.createUser("boss", List.of("supervisor"), List.of(), 3);
    long writer = server.createUser("writer", List.of("editor"), List.of(), 0);
    String ticketId;
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "leave_message", "text", "请回电话", "contact", Map.of("phone", "13812345678")));
      ObjectNode t = v.ws().take("ticket");
      ticketId = t.get("ticketId").asText();
      assertEquals("咨询", t.get("kind").asText(), "no kind given: the default the console shows like the others");
    }
    String takerToken = server.login("taker", "secret-taker");
    String path = "/api/tickets/" + ticketId;
    assertEquals("咨询", server.http.get(path, takerToken).json().get("kind").asText());
    assertEquals(0, server.http.get("/api/tickets?assignee=me", takerToken).json().get("tickets").size());

    Http.Res took = server.http.put(path, Map.of("assigneeId", taker), takerToken);
    assertEquals(200, took.status(), took.body());
    assertEquals(taker, took.json().get("assigneeId").asLong());
    assertEquals("Agent taker", took.json().get("assignee").asText());
    JsonNode mine = server.http.get("/api/tickets?assignee=me", takerToken).json().get("tickets");
    assertEquals(1, mine.size());
    assertEquals("Agent taker", mine.get(0).get("assignee").asText());
    assertEquals(400, server.http.get("/api/tickets?assignee=someone", takerToken).status());

    // An agent may not hand a ticket to someone else; nobody may hand it to an editor.
    Http.Res given = server.http.put(path, Map.of("assigneeId", helper), takerToken);
    assertEquals(403, given.status(), given.body());
    String boss = server.login("boss", "secret-boss");
    Http.Res toEditor = server.http.put(path, Map.of("assigneeId", writer), boss);
    assertEquals(400, toEditor.status(), toEditor.body());
    assertEquals("invalid_field", toEditor.json().get("error").get("code").asText());

    Http.Res moved = server.http.put(path, Map.of("assigneeId", helper), boss);
    assertEquals(200, moved.status(), moved.body());
    assertEquals("Agent helper", server.http.get(path, boss).json().get("assignee").asText());
    String helperToken = server.login("helper", "secret-helper");
    JsonNode helpers = server.http.get("/api/tickets?assignee=me", helperToken).json().get("tickets");
    assertEquals(ticketId, helpers.get(0).get("id").asText(), "the new assignee sees it, outside its groups");
    assertEquals(0, server.http.get("/api/tickets?assignee=me", takerToken).json().get("tickets").size());
  }

  @Test
  void returningVisitor_goesFirstToTheAgentWhoServedItLast() {
    server.createUser("first", List.of("agent"), List.of("consult"), 3);
    server.createUser("second", List.of("agent"), List.of("consult"), 3);
    try (WsClient a = agent("first"); WsClient b = agent("second")) {
      String token;
      String servedBy;
      try (TestServer.Visitor v = server.visitor()) {
        token = v.token();
        v.ws().send(obj("type", "human"));
        servedBy = v.ws().take("assigned").get("agent").get("name").asText();
        v.ws().send(obj("type", "close"));
        v.ws().take("closed");
      }
      // Make the other agent the least loaded one, so that only 首问负责制 explains the choice.
      try (TestServer.Visitor filler = server.visitor()) {
        filler.ws().send(obj("type", "human"));
        filler.ws().take("assigned");
        try (TestServer.Visitor back = server.visitor(token, 0)) {
          back.ws().send(obj("type", "human"));
          assertEquals(servedBy, back.ws().take("assigned").get("agent").get("name").asText());
        }
      }
    }
  }

  @Test
  void queueRules_overflowToAnotherGroup_andTheWaitLimitOffersToLeaveAMessage() throws Exception {
    String admin = server.admin();
    assertEquals(200, server.http.put("/api/groups/consult", Map.of("overflowTo", "other", "overflowAfterSeconds", 1), admin)
        .status());
    assertEquals(200, server.http.put("/api/groups/query", Map.of("maxWaitSeconds", 2), admin).status());
    server.createUser("busy", List.of("agent"), List.of("consult", "query"), 1);
    server.createUser("spare", List.of("agent"), List.of("other"), 1);
    try (WsClient busy = agent("busy"); TestServer.Visitor first = server.visitor()) {
      first.ws().send(obj("type", "human", "group", "consult"));
      first.ws().take("assigned");
      try (TestServer.Visitor waiting = server.visitor(); TestServer.Visitor limited = server.visitor()) {
        waiting.ws().send(obj("type", "human", "group", "consult"));
        ObjectNode q = waiting.ws().take("queued");
        assertEquals(1, q.get("position").asInt());
        assertNotNull(q.get("expectedWaitMs"), "the expected wait is given while someone is online");
        try (WsClient spare = agent("spare")) {
          ObjectNode moved = waiting.ws().take(f -> "assigned".equals(f.path("type").asText()), Duration.ofSeconds(8),
              "overflow assignment");
          assertEquals("Agent spare", moved.get("agent").get("name").asText());
          limited.ws().send(obj("type", "human", "group", "query"));
          limited.ws().take("queued");
          ObjectNode none = limited.ws().take(f -> "no_agent".equals(f.path("type").asText()), Duration.ofSeconds(8),
              "wait limit");
          assertEquals("wait_limit", none.get("reason").asText());
        }
      }
    }
  }

  @Test
  void inactiveVisitor_isWarnedThenClosedWithAFarewell() {
    String admin = server.admin();
    server.http.put("/api/settings", Map.of("inactivityWarnSeconds", 1, "inactivityCloseSeconds", 3), admin);
    server.createUser("talker", List.of("agent"), List.of("consult"), 2);
    try (WsClient a = agent("talker"); TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv = a.take("assigned").get("conversationId").asText();
      a.send(obj("type", "send", "conversationId", conv, "clientId", "q", "text", "请问还在吗？"));
      a.take("ack");
      ObjectNode warn = v.ws().take(f -> "inactivity".equals(f.path("type").asText()), Duration.ofSeconds(10), "warning");
      assertTrue(warn.get("closeInMs").asLong() <= 3000);
      ObjectNode closed = v.ws().take(f -> "closed".equals(f.path("type").asText()), Duration.ofSeconds(10), "close");
      assertEquals("timeout", closed.get("by").asText());
      assertEquals("timeout", a.take("closed").get("by").asText());
      // The farewell says why, and comes before closed.
      List<ObjectNode> frames = v.ws().history();
      int farewell = -1;
      for (int i = 0; i < frames.size(); i++) {
        ObjectNode f = frames.get(i);
        if ("message".equals(f.path("type").asText()) && "system".equals(f.path("from").asText())
            && f.path("text").asText().startsWith("由于您长时间未回复，本次会话已自动结束")) {
          farewell = i;
        }
      }
      assertTrue(farewell >= 0, "a farewell reached the visitor: " + frames);
      assertTrue(farewell < frames.indexOf(closed), "the farewell comes before closed");
    }
  }

  /** A visitor's closed conversation, and the token to come back with. */
  private record ClosedChat(String token, String conversationId) {}

  /** A visitor served by {@code agent}, who closes the chat; the visitor's connection is closed too. */
  private ClosedChat servedAndClosed(WsClient agent) {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv = agent.take("assigned").get("conversationId").asText();
      agent.send(obj("type", "close", "conversationId", conv));
      agent.take("closed");
      v.ws().take("closed");
      return new ClosedChat(v.token(), conv);
    }
  }

  @Test
  void aVisitorRatesOnce_aSecondRatingIsRefused_theStoredOneStays_andTheAgentSeesTheComment() {
    server.createUser("rated", List.of("agent"), List.of("consult"), 2);
    try (WsClient a = agent("rated"); TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv = a.take("assigned").get("conversationId").asText();
      a.send(obj("type", "close", "conversationId", conv));
      v.ws().take("closed");
      v.ws().send(obj("type", "rate", "score", 4, "comment", "回答很耐心"));
      assertEquals(4, v.ws().take("rated").get("score").asInt());
      ObjectNode toAgent = a.take("rated");
      assertEquals(conv, toAgent.get("conversationId").asText());
      assertEquals(4, toAgent.get("score").asInt());
      assertEquals("回答很耐心", toAgent.get("comment").asText(), "the console shows the comment");

      v.ws().send(obj("type", "rate", "score", 1, "comment", "改主意了"));
      assertEquals("conflict", v.ws().take("error").get("code").asText());
      try (TestServer.Visitor back = server.visitor(v.token(), 0)) {
        back.ws().send(obj("type", "rate", "score", 2));
        assertEquals("conflict", back.ws().take("error").get("code").asText(), "also from a new connection");
      }
      JsonNode stored = server.http.get("/api/conversations/" + conv, server.admin()).json();
      assertEquals(4, stored.get("rating").asInt());
      assertEquals("回答很耐心", stored.get("ratingComment").asText());
      assertTrue(a.pending("rated").isEmpty(), "the agent was told once");
    }
  }

  @Test
  void twoRatingsSentAtOnceFromANewConnection_onlyOneCounts() throws Exception {
    server.createUser("twice", List.of("agent"), List.of("consult"), 2);
    try (WsClient a = agent("twice")) {
      ClosedChat served = servedAndClosed(a);
      // The visitor is forgotten once its last connection closed: the next rating is looked up in the database.
      Thread.sleep(300);
      try (TestServer.Visitor back = server.visitor(served.token(), 0)) {
        back.ws().send(obj("type", "rate", "score", 5));
        back.ws().send(obj("type", "rate", "score", 1));
        int score = back.ws().take("rated").get("score").asInt();
        assertEquals("conflict", back.ws().take("error").get("code").asText());
        Thread.sleep(300);
        assertTrue(back.ws().pending("rated").isEmpty(), "one rating only: " + back.ws().history());
        assertEquals(score, server.http.get("/api/conversations/" + served.conversationId(), server.admin()).json().get("rating")
            .asInt(), "the stored rating is the one confirmed");
      }
    }
  }

  @Test
  void cannedResponses_teamAndPersonal_eachSeesItsOwn() {
    server.createUser("c1", List.of("agent"), List.of("consult"), 2);
    server.createUser("c2", List.of("agent"), List.of("consult"), 2);
    String admin = server.admin();
    String c1 = server.login("c1", "secret-c1");
    String c2 = server.login("c2", "secret-c2");
    assertEquals(201, server.http.post("/api/canned", Map.of("shortcut", "hi", "title", "问候", "text", "您好，请问有什么可以帮您？",
        "team", true), admin).status());
    assertEquals(403, server.http.post("/api/canned", Map.of("shortcut", "x", "title", "x", "text", "x", "team", true), c1)
        .status());
    Http.Res mine = server.http.post("/api/canned", Map.of("shortcut", "bye", "title", "结束", "text", "感谢您的咨询"), c1);
    assertEquals(201, mine.status(), mine.body());
    assertEquals(2, server.http.get("/api/canned", c1).json().get("canned").size());
    assertEquals(1, server.http.get("/api/canned", c2).json().get("canned").size(), "c2 sees only the team one");
    long id = mine.json().get("id").asLong();
    assertEquals(403, server.http.delete("/api/canned/" + id, c2).status());
    assertEquals(200, server.http.delete("/api/canned/" + id, c1).status());
  }

  @Test
  void images_areStoredSentAndServedOnlyToTheConversationsParticipants() throws Exception {
    server.createUser("pic", List.of("agent"), List.of("consult"), 2);
    server.createUser("stranger", List.of("agent"), List.of("other"), 2);
    try (WsClient a = agent("pic"); TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv = a.take("assigned").get("conversationId").asText();
      byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + server.port() + "/api/conversations/" + conv + "/files"))
          .header("X-Visitor-Token", v.token()).header("X-File-Name", "%E6%88%AA%E5%9B%BE.png")
          .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, up.statusCode(), up.body());
      ObjectNode atAgent = a.take("message", f -> f.has("file"));
      assertEquals("截图.png", atAgent.get("file").get("name").asText());
      assertEquals("image/png", atAgent.get("file").get("type").asText());
      String url = atAgent.get("file").get("url").asText();

      HttpResponse<byte[]> asVisitor = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + url))
          .header("X-Visitor-Token", v.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, asVisitor.statusCode());
      assertEquals(png.length, asVisitor.body().length);
      assertEquals(200, server.http.get(url, server.login("pic", "secret-pic")).status());
      assertEquals(403, server.http.get(url, server.login("stranger", "secret-stranger")).status());
      assertEquals(401, server.http.get(url, null).status());
      try (TestServer.Visitor someoneElse = server.visitor()) {
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + url))
            .header("X-Visitor-Token", someoneElse.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, denied.statusCode());
      }
      HttpResponse<String> exe = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + server.port() + "/api/conversations/" + conv + "/files"))
          .header("X-Visitor-Token", v.token()).header("X-File-Name", "photo.png")
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'M', 'Z', 0, 0, 1})).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, exe.statusCode(), "an executable named .png is refused: " + exe.body());
    }
  }

  @Test
  void files_answerCorsPreflightAndCarryCorsHeaders_forWidgetsOnOtherSites() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> pre = http.send(HttpRequest.newBuilder(URI.create(base + "/api/conversations/c-1/files"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://shop.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-visitor-token,x-file-name,content-type").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, pre.statusCode(), pre.body());
    assertEquals("*", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("X-Visitor-Token"));
    try (TestServer.Visitor v = server.visitor()) {
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/conversations/c-none/files"))
          .header("Origin", "https://shop.example").header("X-Visitor-Token", v.token())
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'h', 'i'})).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(409, refused.statusCode(), refused.body());
      assertEquals("*", refused.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
          "errors are readable by the widget too");
    }
    HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
        .header("Origin", "https://shop.example").build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "staff APIs stay same-origin");
  }

  @Test
  void statsSummary_countsOfferedAnsweredAbandonedAndSatisfaction() {
    server.createUser("s1", List.of("agent"), List.of("consult"), 1);
    long from = System.currentTimeMillis() - 1000;
    try (WsClient a = agent("s1"); TestServer.Visitor served = server.visitor(); TestServer.Visitor gaveUp = server.visitor()) {
      served.ws().send(obj("type", "human"));
      String conv = a.take("assigned").get("conversationId").asText();
      a.send(obj("type", "send", "conversationId", conv, "clientId", "r", "text", "您好"));
      a.take("ack");
      gaveUp.ws().send(obj("type", "human"));
      gaveUp.ws().take("queued");
      gaveUp.ws().send(obj("type", "close"));
      gaveUp.ws().take("closed");
      a.send(obj("type", "close", "conversationId", conv));
      served.ws().take("closed");
      served.ws().send(obj("type", "rate", "score", 4));
      served.ws().take("rated");
    }
    String sup = server.admin();
    JsonNode s = server.http.get("/api/stats/summary?from=" + from + "&to=" + (System.currentTimeMillis() + 1000), sup).json();
    assertEquals(2, s.get("offered").asInt(), s.toString());
    assertEquals(1, s.get("answered").asInt());
    assertEquals(1, s.get("abandoned").asInt());
    assertEquals(0.5, s.get("answerRate").asDouble(), 1e-9);
    assertEquals(1, s.get("csat").get("count").asInt());
    assertEquals(4.0, s.get("csat").get("average").asDouble(), 1e-9);
    assertTrue(s.get("avgFirstResponseMs").asLong() >= 0);
    assertTrue(s.get("avgHandleMs").asLong() >= 0);
    String agentToken = server.login("s1", "secret-s1");
    assertEquals(403, server.http.get("/api/stats/summary", agentToken).status());
  }
}
