package dev.frontline.server.it;

import static dev.frontline.server.it.Kb.assertError;
import static dev.frontline.server.it.Kb.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The widget's self-service knowledge: listing by clicks, search, feedback, suggestions, and picks in chat. */
class SelfServiceIT {
  private TestServer server;
  private Kb kb;
  private String admin;
  private String bill;
  private String recharge;
  private String data;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
    kb = new Kb(server);
    admin = server.admin();
    bill = kb.create(admin, entry("怎么查询话费余额", List.of("查话费"), "发送CXHF到10001。", "话费")).get("id").asText();
    recharge = kb.create(admin, entry("怎么给手机充值", List.of("交话费"), "打开App充值。", "话费")).get("id").asText();
    data = kb.create(admin, entry("流量套餐怎么办理", List.of("加流量包"), "发送LL到10001。", "流量")).get("id").asText();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> ids(JsonNode entries) {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(e.get("id").asText()));
    return out;
  }

  private void click(String id, int times) {
    for (int i = 0; i < times; i++) {
      Http.Res r = server.http.post("/api/kb/entries/" + id + "/click", null, null);
      assertEquals(200, r.status(), r.body());
    }
  }

  @Test
  void publishedEntries_areListedByCategory_mostClickedFirst_withoutLogin() {
    kb.create(kb.user("ed", List.of("editor")), entry("话费草稿", List.of(), "x", "话费"));
    click(recharge, 2);
    click(data, 3);
    Http.Res cats = server.http.get("/api/kb/categories", null);
    assertEquals(200, cats.status(), cats.body());
    JsonNode list = cats.json().get("categories");
    assertEquals("流量", list.get(0).get("name").asText());
    assertEquals("话费", list.get(1).get("name").asText());
    assertEquals(2, list.get(1).get("count").asInt(), "drafts are not listed");
    Http.Res byCategory = server.http.get("/api/kb/entries?category=" + Http.enc("话费"), null);
    assertEquals(List.of(recharge, bill), ids(byCategory.json().get("entries")));
    assertEquals(List.of(data, recharge, bill), ids(server.http.get("/api/kb/entries", null).json().get("entries")));
    assertEquals("发送CXHF到10001。", server.http.get("/api/kb/entries/" + bill, null).json().get("answer").asText());
    assertError(server.http.post("/api/kb/entries/nope/click", null, null), 404, "not_found");
  }

  @Test
  void searchAsYouType_findsEntriesFromAPrefix() {
    // The bot's picks join the list, so the bot must know all three entries for this to test anything.
    kb.awaitBot("流量套餐怎么办理", Duration.ofSeconds(2), r -> Kb.answers(r, data), "know the entries");
    kb.awaitBot("怎么给手机充值", Duration.ofSeconds(2), r -> Kb.answers(r, recharge), "know the entries");
    assertEquals(List.of(data), ids(server.http.get("/api/kb/entries?q=" + Http.enc("流量"), null).json().get("entries")));
    List<String> bills = ids(server.http.get("/api/kb/entries?q=" + Http.enc("话费"), null).json().get("entries"));
    assertEquals(List.of(bill, recharge), bills, "question matches rank above similar-question matches");
    assertTrue(ids(server.http.get("/api/kb/entries?q=" + Http.enc("猫粮"), null).json().get("entries")).isEmpty());
  }

  @Test
  void corsIsOpen_andPreflightsAreAnswered() throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    HttpRequest preflight = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/api/kb/entries/" + bill + "/feedback"))
        .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = c.send(preflight, HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode());
    assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null));
    assertTrue(r.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/kb/categories"))
        .header("Origin", "https://shop.example").build();
    assertEquals("*", c.send(get, HttpResponse.BodyHandlers.ofString()).headers()
        .firstValue("access-control-allow-origin").orElse(null));
    HttpRequest missing = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/kb/entries/x"))
        .build();
    HttpResponse<String> notFound = c.send(missing, HttpResponse.BodyHandlers.ofString());
    assertEquals(404, notFound.statusCode());
    assertEquals("*", notFound.headers().firstValue("access-control-allow-origin").orElse(null), "errors too");
  }

  @Test
  void feedback_isCountedPerEntry() {
    assertEquals(200, server.http.post("/api/kb/entries/" + bill + "/feedback", Map.of("helpful", true), null).status());
    assertEquals(200, server.http.post("/api/kb/entries/" + bill + "/feedback", Map.of("helpful", false), null).status());
    assertEquals(200, server.http.post("/api/kb/entries/" + bill + "/feedback", Map.of("helpful", true), null).status());
    JsonNode got = server.http.get("/api/faq/" + bill, admin).json();
    assertEquals(2, got.get("helpful").asInt());
    assertEquals(1, got.get("unhelpful").asInt());
    assertError(server.http.post("/api/kb/entries/" + bill + "/feedback", Map.of(), null), 400, "missing_field");
    assertError(server.http.post("/api/kb/entries/" + bill + "/feedback", Map.of("helpful", "yes"), null), 400,
        "invalid_field");
    assertError(server.http.post("/api/kb/entries/nope/feedback", Map.of("helpful", true), null), 404, "not_found");
  }

  @Test
  void visitorsSuggestions_landInTheEditorsReviewQueue() {
    String editor = kb.user("ed", List.of("editor"));
    Http.Res r = server.http.post("/api/kb/suggestions", Map.of("text", "希望增加5G套餐的介绍", "contact",
        Map.of("phone", "13800000000")), null);
    assertEquals(201, r.status(), r.body());
    assertEquals(201, server.http.post("/api/kb/suggestions", Map.of("text", "营业时间是几点"), null).status());
    assertError(server.http.post("/api/kb/suggestions", Map.of("text", " "), null), 400, "invalid_field");
    assertError(server.http.get("/api/faq/suggestions", null), 401, "unauthorized");

    JsonNode queue = server.http.get("/api/faq/suggestions", editor).json().get("suggestions");
    assertEquals(2, queue.size());
    assertEquals("营业时间是几点", queue.get(0).get("text").asText());
    assertEquals("13800000000", queue.get(1).get("contact").get("phone").asText());
    long id = queue.get(1).get("id").asLong();
    assertEquals(200, server.http.put("/api/faq/suggestions/" + id, Map.of("status", "done"), editor).status());
    assertEquals(1, server.http.get("/api/faq/suggestions", editor).json().get("suggestions").size());
    assertEquals(2, server.http.get("/api/faq/suggestions?status=all", editor).json().get("suggestions").size());
  }

  @Test
  void pickFrame_appendsTheQuestionAndTheAnswer_andCountsAClick() {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(WsClient.obj("type", "pick", "faqId", bill));
      JsonNode asked = v.ws().message("visitor");
      assertEquals("怎么查询话费余额", asked.get("text").asText());
      assertEquals(bill, asked.get("faqId").asText());
      JsonNode answered = v.ws().take("message", f -> "bot".equals(f.path("from").asText()) && f.has("faqId"));
      assertEquals("发送CXHF到10001。", answered.get("text").asText());
      assertEquals(bill, answered.get("faqId").asText());
      assertEquals(asked.get("seq").asInt() + 1, answered.get("seq").asInt());

      v.ws().send(WsClient.obj("type", "pick", "faqId", "no-such-entry"));
      assertEquals("invalid_field", v.ws().take("error").get("code").asText());
      v.ws().send(WsClient.obj("type", "pick"));
      assertEquals("missing_field", v.ws().take("error").get("code").asText());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.http.get("/api/faq/" + bill, admin).json().get("clicks").asInt() != 1) {
      if (System.nanoTime() > deadline) {
        fail("the pick was not counted as a click");
      }
      Kb.sleep(50);
    }
    JsonNode listed = server.http.get("/api/kb/entries?category=" + Http.enc("话费"), null).json();
    assertEquals(bill, listed.get("entries").get(0).get("id").asText(), "the picked entry is now the most clicked");
  }

  @Test
  void anEntryScopedToTheApp_isAnsweredInAppChats_andNotInWebChats() {
    Map<String, Object> appOnly = new java.util.HashMap<>(entry("App怎么登录", List.of(), "用手机号登录。", "App"));
    appOnly.put("channels", List.of("app"));
    String app = kb.create(admin, appOnly).get("id").asText();
    kb.awaitBot("App怎么登录", Duration.ofSeconds(1), r -> Kb.answers(r, app), "know the entry");
    for (String channel : List.of("app", "web")) {
      try (WsClient ws = WsClient.connect(server.ws("/ws/visitor"))) {
        ws.send(WsClient.obj("type", "hello", "token", null, "lastSeq", 0, "channel", channel));
        ws.take("welcome");
        ws.send(WsClient.obj("type", "send", "clientId", "q", "text", "App怎么登录"));
        JsonNode reply = ws.take("message", f -> "bot".equals(f.path("from").asText()) && f.path("seq").asInt() > 2);
        if (channel.equals("app")) {
          assertEquals(app, reply.path("faqId").asText(), reply.toString());
          assertEquals("用手机号登录。", reply.get("text").asText());
        } else {
          assertFalse(app.equals(reply.path("faqId").asText()), reply.toString());
        }
      }
    }
  }

  @Test
  void channelScope_andValidity_limitWhatVisitorsSee() {
    Map<String, Object> appOnly = new java.util.HashMap<>(entry("App怎么登录", List.of(), "用手机号登录。", "App"));
    appOnly.put("channels", List.of("app"));
    String app = kb.create(admin, appOnly).get("id").asText();
    Map<String, Object> expired = new java.util.HashMap<>(entry("旧活动怎么参加", List.of(), "已结束。", "活动"));
    expired.put("validUntil", System.currentTimeMillis() - 1000);
    kb.create(admin, expired);
    assertTrue(ids(server.http.get("/api/kb/entries?channel=app", null).json().get("entries")).contains(app));
    assertFalse(ids(server.http.get("/api/kb/entries?channel=web", null).json().get("entries")).contains(app));
    assertFalse(server.http.get("/api/kb/categories", null).body().contains("活动"));
  }
}
