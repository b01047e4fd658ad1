package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.conversation.SiteIdentity;
import dev.frontline.server.protocol.VisitorCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identity, cross-channel history, proactive rules, export, privacy and retention (CONTRACT sections 4, 6, 8). */
class TrajectoryIT {
  private static final String SECRET = "site-secret-for-tests";
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_SITE_SECRET", SECRET));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, Object> identity(String customerId, long ts, String secret) {
    return TestServer.identity(customerId, ts, secret);
  }

  private TestServer.Visitor hello(String token, Object identity, String channel) {
    ObjectNode hello = obj("type", "hello", "token", token, "lastSeq", 0, "channel", channel,
        "page", Map.of("url", "http://shop.example/plans/5g", "title", "5G 套餐"));
    if (identity != null) {
      hello.set("identity", WsClient.JSON.valueToTree(identity));
    }
    return server.hello(hello);
  }

  @Test
  void signedIdentity_isOneVisitorAcrossBrowsersAndChannels_badOrMissingOnesAreIgnored() {
    long now = System.currentTimeMillis();
    String customerVisitor;
    try (TestServer.Visitor browserA = hello(null, identity("C-1001", now, SECRET), "web")) {
      customerVisitor = browserA.visitorId();
      browserA.ws().send(obj("type", "send", "clientId", "a1", "text", "我想办理宽带"));
      browserA.ws().take("ack");
    }
    try (TestServer.Visitor browserB = hello(null, identity("C-1001", now, SECRET), "web")) {
      assertEquals(customerVisitor, browserB.visitorId(), "another browser, same customer");
      assertTrue(browserB.welcome().get("returning").asBoolean());
    }
    try (TestServer.Visitor app = hello(null, identity("C-1001", now, SECRET), "app")) {
      assertEquals(customerVisitor, app.visitorId(), "the app channel is the same visitor");
    }
    try (TestServer.Visitor forged = hello(null, identity("C-1001", now, "wrong-secret"), "web")) {
      assertNotEquals(customerVisitor, forged.visitorId(), "a bad signature is ignored: anonymous");
      assertFalse(forged.welcome().get("returning").asBoolean());
    }
    try (TestServer.Visitor stale = hello(null, identity("C-1001", now - 11 * 60_000, SECRET), "web")) {
      assertNotEquals(customerVisitor, stale.visitorId(), "an identity older than 10 minutes is ignored");
    }
    try (TestServer.Visitor malformed = hello(null, Map.of("customerId", 42), "web")) {
      assertNotEquals(customerVisitor, malformed.visitorId(), "a malformed identity is ignored, not an error");
    }
    // The channel API (a WeChat bridge) speaks for the same customer over HTTP.
    Http.Res sent = server.http.post("/api/channel/messages", Map.of("channel", "wechat",
        "identity", identity("C-1001", now, SECRET), "clientId", "wx-1", "text", "怎么查话费余额"), null);
    assertEquals(200, sent.status(), sent.body());
    assertEquals(customerVisitor, sent.json().get("visitorId").asText());
    assertTrue(sent.json().get("seq").asInt() > 0);
    Map<String, Object> sig = identity("C-1001", now, SECRET);
    Http.Res polled = server.http.get("/api/channel/messages?channel=wechat&customerId=C-1001&ts=" + now + "&sig="
        + sig.get("sig") + "&after=0", null);
    assertEquals(200, polled.status(), polled.body());
    assertTrue(polled.body().contains("我想办理宽带") && polled.body().contains("怎么查话费余额"),
        "one conversation across web and WeChat: " + polled.body());
    Http.Res unsigned = server.http.post("/api/channel/messages", Map.of("channel", "wechat",
        "identity", identity("C-1001", now, "nope"), "clientId", "wx-2", "text", "hi"), null);
    assertEquals(401, unsigned.status());

    String admin = server.admin();
    JsonNode profile = server.http.get("/api/visitors/" + customerVisitor, admin).json();
    assertEquals("C-1001", profile.get("customerId").asText());
    assertEquals("王女士", profile.get("name").asText());
    assertEquals("5", profile.get("attrs").get("star").asText());
  }

  @Test
  void anonymousHistory_isMergedWhenTheVisitorLogsIn() {
    String token;
    String anonymous;
    try (TestServer.Visitor anon = hello(null, null, "web")) {
      token = anon.token();
      anonymous = anon.visitorId();
      anon.ws().send(obj("type", "track", "event", "page_view", "url", "http://shop.example/phones"));
      anon.ws().send(obj("type", "close"));
      anon.ws().take("closed");
    }
    long now = System.currentTimeMillis();
    String customer;
    try (TestServer.Visitor existing = hello(null, identity("C-2002", now, SECRET), "app")) {
      customer = existing.visitorId();
    }
    try (TestServer.Visitor loggedIn = hello(token, identity("C-2002", now, SECRET), "web")) {
      assertEquals(customer, loggedIn.visitorId());
    }
    JsonNode trail = server.http.get("/api/visitors/" + customer + "/trail", server.admin()).json();
    assertTrue(trail.toString().contains("http://shop.example/phones"), "the anonymous browsing is in the customer's trail");
    assertEquals(0, server.http.get("/api/visitors/" + anonymous + "/trail", server.admin()).json().get("events").size());
  }

  @Test
  void proactiveRule_firesOnceForAReturningVisitorOnTheRightPage_andNotForOthers() throws Exception {
    String editor = server.login("editor", TestServer.DEMO_PASSWORD);
    Http.Res rule = server.http.post("/api/rules", Map.of("name", "回访用户看5G套餐",
        "conditions", Map.of("urlPattern", "*/plans/5g*", "returning", true, "minSecondsOnPage", 1),
        "action", Map.of("type", "offer_human", "text", "看中5G套餐了吗？需要顾问为您推荐吗？")), editor);
    assertEquals(201, rule.status(), rule.body());
    String ruleId = rule.json().get("id").asText();
    String token;
    try (TestServer.Visitor first = hello(null, null, "web")) {
      token = first.token();
      Thread.sleep(1500);
      assertTrue(first.ws().pending("proactive").isEmpty(), "a first-time visitor does not match");
    }
    try (TestServer.Visitor back = hello(token, null, "web")) {
      ObjectNode shown = back.ws().take(f -> "proactive".equals(f.path("type").asText()), Duration.ofSeconds(5),
          "proactive message");
      assertEquals(ruleId, shown.get("ruleId").asText());
      assertEquals("offer_human", shown.get("action").get("type").asText());
      back.ws().send(obj("type", "track", "event", "page_view", "url", "http://shop.example/plans/5g?again"));
      Thread.sleep(1500);
      assertTrue(back.ws().pending("proactive").isEmpty(), "at most once per rule, visitor and day");
    }
    try (TestServer.Visitor later = hello(token, null, "web")) {
      Thread.sleep(1500);
      assertTrue(later.ws().pending("proactive").isEmpty(), "still once a day after reconnecting");
    }
    try (TestServer.Visitor otherPage = hello(null, null, "web")) {
      otherPage.ws().send(obj("type", "track", "event", "page_view", "url", "http://shop.example/broadband"));
      Thread.sleep(1500);
      assertTrue(otherPage.ws().pending("proactive").isEmpty());
    }
    assertEquals(400, server.http.post("/api/rules", Map.of("name", "bad", "action", Map.of("type", "teleport")), editor)
        .status());
    String agent = server.login("agent1", TestServer.DEMO_PASSWORD);
    assertEquals(403, server.http.post("/api/rules", Map.of("name", "x", "action", Map.of("type", "greeting", "text", "hi")),
        agent).status());
  }

  @Test
  void export_streamsEventsWithNumbersMasked_unmaskedOnlyOnRequestAndAudited_andTheDailyFileHasThem() throws Exception {
    long from = System.currentTimeMillis() - 1000;
    String visitorId;
    try (TestServer.Visitor v = hello(null, null, "web")) {
      visitorId = v.visitorId();
      v.ws().send(obj("type", "send", "clientId", "p", "text", "我的手机号是13812345678"));
      v.ws().take("ack");
      v.ws().take("message", f -> "bot".equals(f.get("from").asText()) && f.get("seq").asInt() > 2);
    }
    Thread.sleep(300);
    String admin = server.admin();
    long to = System.currentTimeMillis() + 1000;
    Http.Res masked = server.http.get("/api/trajectory/export?from=" + from + "&to=" + to, admin);
    assertEquals(200, masked.status());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : masked.body().split("\n")) {
      lines.add(WsClient.JSON.readTree(line));
    }
    JsonNode question = lines.stream().filter(l -> "bot_question".equals(l.get("event").asText())).findFirst().orElseThrow();
    assertEquals(visitorId, question.get("visitorId").asText());
    assertTrue(question.get("ts").asLong() >= from);
    assertEquals("我的手机号是138****5678", question.get("text").asText());
    assertTrue(lines.stream().anyMatch(l -> "page_view".equals(l.get("event").asText())));
    assertEquals(0, server.http.get("/api/audit", admin).json().get("entries").size());

    Http.Res unmasked = server.http.get("/api/trajectory/export?unmasked=true&from=" + from + "&to=" + to, admin);
    assertTrue(unmasked.body().contains("13812345678"));
    JsonNode audit = server.http.get("/api/audit", admin).json().get("entries");
    assertEquals("export_unmasked", audit.get(0).get("action").asText());
    String sup = server.login("supervisor", TestServer.DEMO_PASSWORD);
    assertEquals(403, server.http.get("/api/trajectory/export", sup).status());
    assertEquals(403, server.http.get("/api/trajectory/visitors.csv?unmasked=true", sup).status());

    Http.Res csv = server.http.get("/api/trajectory/visitors.csv?from=" + from + "&to=" + to, sup);
    assertEquals(200, csv.status());
    assertTrue(csv.body().startsWith("\ufeffvisitorId,customerId,name,firstSeen"), csv.body());
    String row = Stream.of(csv.body().split("\r\n")).filter(l -> l.startsWith(visitorId)).findFirst().orElseThrow();
    assertEquals("1", row.split(",")[7], "one question: " + row);

    Path dir = server.dataDir.resolve("trail");
    List<String> file = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        file.addAll(Files.readAllLines(p));
      }
    }
    assertTrue(file.stream().anyMatch(l -> l.contains(visitorId) && l.contains("\"event\":\"bot_question\"")
        && l.contains("138****5678")), "the daily JSON Lines file has the event, masked");
  }

  @Test
  void optOutAndDoNotTrack_keepOnlyTheChat_andRetentionPurgesOldEvents() throws Exception {
    String admin = server.admin();
    String visitorId;
    try (TestServer.Visitor v = hello(null, null, "web")) {
      visitorId = v.visitorId();
      v.ws().send(obj("type", "track", "event", "page_view", "url", "http://shop.example/a"));
      v.ws().send(obj("type", "privacy", "tracking", false));
      assertFalse(v.ws().take("privacy").get("tracking").asBoolean());
      v.ws().send(obj("type", "track", "event", "page_view", "url", "http://shop.example/b"));
      v.ws().send(obj("type", "send", "clientId", "c", "text", "怎么查话费余额"));
      v.ws().take("ack");
      v.ws().take("message", f -> f.has("faqId"));
    }
    Thread.sleep(300);
    List<String> events = new ArrayList<>();
    server.http.get("/api/visitors/" + visitorId + "/trail", admin).json().get("events")
        .forEach(e -> events.add(e.get("event").asText()));
    assertFalse(events.contains("page_view"), "no browsing trail after opting out: " + events);
    assertTrue(events.contains("bot_question"), "the chat itself is kept: " + events);

    try (WsClient ws = WsClient.connect(server.ws("/ws/visitor"), Map.of("DNT", "1"))) {
      ws.send(obj("type", "hello", "token", null, "page", Map.of("url", "http://shop.example/dnt")));
      String dntVisitor = ws.take("welcome").get("visitorId").asText();
      ws.send(obj("type", "track", "event", "page_view", "url", "http://shop.example/dnt2"));
      Thread.sleep(300);
      assertEquals(0, server.http.get("/api/visitors/" + dntVisitor + "/trail", admin).json().get("events").size(),
          "Do-Not-Track: nothing recorded");
    }

    try (Connection c = server.server.database().connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO visitor_events (visitor_id, event, ts, data) VALUES (?, 'page_view', ?, NULL)")) {
      ps.setString(1, visitorId);
      ps.setLong(2, System.currentTimeMillis() - 10 * 86_400_000L);
      ps.executeUpdate();
    }
    assertEquals(200, server.http.put("/api/settings", Map.of("trailRetentionDays", 5), admin).status());
    JsonNode purged = server.http.post("/api/trajectory/purge", Map.of(), admin).json();
    assertEquals(1, purged.get("deleted").asInt(), purged.toString());
    assertTrue(server.http.get("/api/visitors/" + visitorId + "/trail", admin).json().get("events").size() > 0,
        "recent events stay");
  }

  @Test
  void identityVerifier_acceptsTheContractSignatureOnly() {
    SiteIdentity id = new SiteIdentity("k");
    long now = 1_795_000_000_000L;
    String sig = HexFormat.of().formatHex(id.sign("c9." + now));
    assertEquals("c9", id.verify(new VisitorCommand.Identity("c9", null, null, now, sig), now + 1000));
    assertEquals(null, id.verify(new VisitorCommand.Identity("c9", null, null, now, sig.toUpperCase()), now));
    assertEquals(null, new SiteIdentity(null).verify(new VisitorCommand.Identity("c9", null, null, now, sig), now));
  }
}
