package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the trail can be trusted with: no client forges the server's events, one customer never
 * takes over another's history on a shared browser, the panel's trail holds the current visit,
 * and the server's events carry every field CONTRACT section 4 lists.
 */
class TrailTrustIT {
  private static final String SECRET = "site-secret-for-trust-tests";
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_SITE_SECRET", SECRET));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ObjectNode helloFrame(String token, String customerId, String url) {
    ObjectNode hello = obj("type", "hello", "token", token, "lastSeq", 0, "page", Map.of("url", url, "title", "t"));
    if (customerId != null) {
      hello.set("identity", WsClient.JSON.valueToTree(TestServer.identity(customerId, System.currentTimeMillis(),
          SECRET)));
    }
    return hello;
  }

  private TestServer.Visitor hello(String token, String customerId, String url) {
    return server.hello(helloFrame(token, customerId, url));
  }

  private List<JsonNode> trail(String visitorId, String query) {
    Http.Res r = server.http.get("/api/visitors/" + visitorId + "/trail" + query, server.admin());
    assertEquals(200, r.status(), r.body());
    List<JsonNode> out = new ArrayList<>();
    r.json().get("events").forEach(out::add);
    return out;
  }

  private static List<String> names(List<JsonNode> events) {
    return events.stream().map(e -> e.get("event").asText()).toList();
  }

  /** Waits until the visitor's trail holds {@code event} (the events journal writes asynchronously). */
  private List<JsonNode> trailWith(String visitorId, String event) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      List<JsonNode> t = trail(visitorId, "");
      if (names(t).contains(event)) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(event + " never reached the trail of " + visitorId + ": " + names(trail(visitorId, "")));
  }

  @Test
  void forgedServerEvents_areAnsweredWithAnError_andReachNeitherTheTrailNorTheExportNorTheCsv() throws Exception {
    long from = System.currentTimeMillis() - 1000;
    String visitorId;
    try (TestServer.Visitor v = hello(null, null, "http://shop.example/forge")) {
      visitorId = v.visitorId();
      for (String forged : List.of("rated", "assigned", "bot_question", "closed", "proactive")) {
        v.ws().send(obj("type", "track", "event", forged, "score", 99999, "agent", "nobody"));
        ObjectNode error = v.ws().take("error");
        assertEquals("invalid_field", error.get("code").asText(), error.toString());
        assertEquals("track", error.get("for").asText());
        assertTrue(error.get("message").asText().contains(forged), error.toString());
      }
      v.ws().send(obj("type", "track", "event", "widget_open", "url", "http://shop.example/forge"));
      assertTrue(v.ws().open(), "the connection stays open");
      v.ws().send(obj("type", "send", "clientId", "still-open", "text", "你好"));
      v.ws().take("ack");
    }
    List<String> events = names(trailWith(visitorId, "widget_open"));
    for (String forged : List.of("rated", "assigned", "closed", "proactive")) {
      assertFalse(events.contains(forged), forged + " forged into the trail: " + events);
    }
    assertEquals(1, events.stream().filter("bot_question"::equals).count(), "only the server's own: " + events);
    String admin = server.admin();
    long to = System.currentTimeMillis() + 1000;
    String export = server.http.get("/api/trajectory/export?from=" + from + "&to=" + to, admin).body();
    assertFalse(export.contains("99999"), export);
    assertFalse(export.contains("\"event\":\"rated\"") || export.contains("\"event\":\"assigned\""), export);
    String csv = server.http.get("/api/trajectory/visitors.csv?from=" + from + "&to=" + to, admin).body();
    String[] row = Stream.of(csv.split("\r\n")).filter(l -> l.startsWith(visitorId)).findFirst().orElseThrow()
        .split(",", -1);
    assertEquals("0", row[8], "no chat counted: " + String.join(",", row));
    assertEquals("0", row[9], "no rating counted: " + String.join(",", row));
    assertEquals("", row[10], "no average rating: " + String.join(",", row));
  }

  @Test
  void aSecondCustomerOnTheSameBrowser_getsItsOwnVisitor_andNeverTheFirstOnesHistory() throws Exception {
    String firstVisitor;
    String firstToken;
    String firstConversation;
    try (TestServer.Visitor c1 = hello(null, "C-1", "http://shop.example/c1-page")) {
      firstVisitor = c1.visitorId();
      firstToken = c1.token();
      firstConversation = c1.conversationId();
      c1.ws().send(obj("type", "send", "clientId", "c1-msg", "text", "我的宽带账号是第一位客户的"));
      c1.ws().take("ack");
    }
    trailWith(firstVisitor, "bot_question");
    String secondVisitor;
    try (TestServer.Visitor c2 = hello(firstToken, "C-2", "http://shop.example/c2-page")) {
      secondVisitor = c2.visitorId();
      assertNotEquals(firstVisitor, secondVisitor, "customer C-2 did not take over C-1's visitor");
      assertNotEquals(firstToken, c2.token(), "C-2 gets a token of its own");
      assertNotEquals(firstConversation, c2.conversationId());
      assertFalse(c2.welcome().get("returning").asBoolean());
      Thread.sleep(300);
      assertTrue(c2.ws().history().stream().noneMatch(f -> f.toString().contains("第一位客户")),
          "C-1's messages are not replayed to C-2");
    }
    String admin = server.admin();
    assertEquals("C-1", server.http.get("/api/visitors/" + firstVisitor, admin).json().get("customerId").asText());
    assertEquals("C-2", server.http.get("/api/visitors/" + secondVisitor, admin).json().get("customerId").asText());
    String c1Trail = trail(firstVisitor, "").toString();
    String c2Trail = trailWith(secondVisitor, "page_view").toString();
    assertTrue(c1Trail.contains("c1-page") && !c1Trail.contains("c2-page"), c1Trail);
    assertTrue(c2Trail.contains("c2-page") && !c2Trail.contains("c1-page") && !c2Trail.contains("第一位客户"), c2Trail);
    // C-2 known already (another device): C-1's token still merges nothing into C-2.
    try (TestServer.Visitor again = hello(firstToken, "C-2", "http://shop.example/c2-again")) {
      assertEquals(secondVisitor, again.visitorId());
    }
    assertTrue(trail(firstVisitor, "").toString().contains("第一位客户"), "C-1's trail stays C-1's");
    assertFalse(trail(secondVisitor, "").toString().contains("第一位客户"));
    // C-1 coming back on this browser is still C-1.
    try (TestServer.Visitor back = hello(firstToken, "C-1", "http://shop.example/c1-back")) {
      assertEquals(firstVisitor, back.visitorId());
      assertEquals(firstToken, back.token());
    }
  }

  @Test
  void aNewCustomerArrivingOnTwoDevicesAtOnce_isOneVisitor() {
    for (int round = 0; round < 3; round++) {
      String customer = "C-twin-" + round;
      try (WsClient phone = WsClient.connect(server.ws("/ws/visitor"));
          WsClient laptop = WsClient.connect(server.ws("/ws/visitor"))) {
        phone.send(helloFrame(null, customer, "http://shop.example/phone"));
        laptop.send(helloFrame(null, customer, "http://shop.example/laptop"));
        String onPhone = phone.take("welcome").get("visitorId").asText();
        String onLaptop = laptop.take("welcome").get("visitorId").asText();
        assertEquals(onPhone, onLaptop, "one customer, one visitor");
        JsonNode profile = server.http.get("/api/visitors/" + onPhone, server.admin()).json();
        assertEquals(customer, profile.get("customerId").asText(), profile.toString());
      }
    }
  }

  @Test
  void theTrailWithALimit_holdsTheNewestEvents_oldestFirst() throws Exception {
    String visitorId;
    try (TestServer.Visitor v = hello(null, null, "http://shop.example/p0")) {
      visitorId = v.visitorId();
      for (int i = 1; i <= 12; i++) {
        v.ws().send(obj("type", "track", "event", "page_view", "url", "http://shop.example/p" + i));
        Thread.sleep(3); // distinct timestamps
      }
    }
    for (int i = 0; i < 50 && !trail(visitorId, "").toString().contains("/p12\""); i++) {
      Thread.sleep(100);
    }
    List<JsonNode> all = trail(visitorId, "");
    assertEquals(13, all.size(), all.toString());
    List<JsonNode> latest = trail(visitorId, "?limit=5");
    List<String> urls = latest.stream().map(e -> e.get("url").asText().replace("http://shop.example/", "")).toList();
    assertEquals(List.of("p8", "p9", "p10", "p11", "p12"), urls, "the newest five, oldest first");
    assertEquals(all.subList(8, 13), latest);
  }

  @Test
  void botQuestion_alwaysCarriesFaqId_nullWhenTheBotNamesNoEntry() throws Exception {
    String visitorId;
    try (TestServer.Visitor v = hello(null, null, "http://shop.example/ask")) {
      visitorId = v.visitorId();
      v.ws().send(obj("type", "send", "clientId", "q1", "text", "怎么查话费余额"));
      v.ws().take("message", f -> f.has("faqId"));
      v.ws().send(obj("type", "send", "clientId", "q2", "text", "人工客服"));
      v.ws().take("ack", f -> "q2".equals(f.path("clientId").asText()));
    }
    List<JsonNode> questions = new ArrayList<>();
    for (int i = 0; i < 50 && questions.size() < 2; i++) {
      Thread.sleep(100);
      questions = trail(visitorId, "").stream().filter(e -> "bot_question".equals(e.get("event").asText())).toList();
    }
    assertEquals(2, questions.size(), questions.toString());
    assertTrue(questions.stream().allMatch(q -> q.has("faqId")), "faqId on every bot_question: " + questions);
    assertTrue(questions.get(0).get("faqId").isTextual(), questions.toString());
    assertTrue(questions.get(1).get("faqId").isNull(), "no entry named: faqId null: " + questions);
    String export = server.http.get("/api/trajectory/export?from=0&to=" + (System.currentTimeMillis() + 1000),
        server.admin()).body();
    assertTrue(export.contains("\"event\":\"bot_question\"") && export.contains("\"faqId\":null"), export);
  }
}
