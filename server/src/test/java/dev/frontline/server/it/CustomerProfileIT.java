package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.conversation.SiteIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity's name and attrs are the page's word; the host site's server sets verified ones
 * ({@code PUT /api/customers/{id}/profile}, signed with the site secret or by an admin), agents
 * see which is which, and proactive rules say which they use.
 */
class CustomerProfileIT {
  private static final String SECRET = "site-secret-for-profiles";
  private TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_SITE_SECRET", SECRET));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The host server's request: the body signed with "profile." + customerId + "." + ts + ".". */
  private HttpResponse<String> put(String customerId, String body, Long ts, String sig, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/customers/"
        + customerId + "/profile")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (ts != null) {
      b.header("X-Frontline-Timestamp", String.valueOf(ts));
    }
    if (sig != null) {
      b.header("X-Frontline-Signature", sig);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String sign(String secret, String customerId, long ts, String body) {
    return HexFormat.of().formatHex(new SiteIdentity(secret).sign("profile." + customerId + "." + ts + "." + body));
  }

  @Test
  void onlyTheSitesSignatureOrAnAdmin_setsVerifiedAttributes() throws Exception {
    String body = "{\"name\":\"王先生\",\"attrs\":{\"level\":\"3\",\"plan\":\"5G-199\"}}";
    long now = System.currentTimeMillis();
    assertEquals(401, put("C-1", body, null, null, null).statusCode(), "unsigned");
    assertEquals(401, put("C-1", body, now, sign("another-secret", "C-1", now, body), null).statusCode(), "wrong secret");
    assertEquals(401, put("C-1", body, now, sign(SECRET, "C-1", now, "{}"), null).statusCode(), "another body");
    assertEquals(401, put("C-2", body, now, sign(SECRET, "C-1", now, body), null).statusCode(), "another customer");
    long stale = now - Duration.ofMinutes(11).toMillis();
    assertEquals(401, put("C-1", body, stale, sign(SECRET, "C-1", stale, body), null).statusCode(), "stale");
    String widgetSig = (String) TestServer.identity("C-1", now, SECRET).get("sig");
    assertEquals(401, put("C-1", body, now, widgetSig, null).statusCode(),
        "the widget identity's signature, which every page shows, is no signature for this");
    assertEquals(403, put("C-1", body, null, null, server.login("agent1", TestServer.DEMO_PASSWORD)).statusCode());

    HttpResponse<String> ok = put("C-1", body, now, sign(SECRET, "C-1", now, body), null);
    assertEquals(200, ok.statusCode(), ok.body());
    JsonNode set = WsClient.JSON.readTree(ok.body());
    assertEquals("王先生", set.get("name").asText());
    assertEquals("3", set.get("attrs").get("level").asText());

    HttpResponse<String> byAdmin = put("C-3", "{\"attrs\":{\"level\":\"1\"}}", null, null, server.admin());
    assertEquals(200, byAdmin.statusCode(), byAdmin.body());
    HttpResponse<String> bad = put("C-3", "{\"attrs\":{\"level\":{\"nested\":1}}}", null, null, server.admin());
    assertEquals(400, bad.statusCode(), bad.body());
  }

  @Test
  void theAgentSeesThePagesValuesAsUnverified_andTheSitesAsVerified() throws Exception {
    String body = "{\"name\":\"王先生\",\"attrs\":{\"level\":\"3\"}}";
    long now = System.currentTimeMillis();
    assertEquals(200, put("C-9", body, now, sign(SECRET, "C-9", now, body), null).statusCode());
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor v = hello(identity("C-9", "假名", Map.of("level", "9", "vip", "gold")))) {
      v.ws().send(obj("type", "human"));
      ObjectNode assigned = agent.take("assigned");
      assertEquals("假名", assigned.get("visitor").get("name").asText(), "the page's name, as it is");
      assertEquals("王先生", assigned.get("visitor").get("verifiedName").asText());
      JsonNode profile = server.http.get("/api/visitors/" + v.visitorId(), server.login("agent1", TestServer.DEMO_PASSWORD))
          .json();
      assertEquals("假名", profile.get("name").asText());
      assertEquals("9", profile.get("attrs").get("level").asText());
      assertEquals("王先生", profile.get("verified").get("name").asText());
      assertEquals("3", profile.get("verified").get("attrs").get("level").asText());
    }
  }

  @Test
  void aRuleOnVerifiedAttributes_ignoresWhatAPageClaims() throws Exception {
    String editor = server.login("editor", TestServer.DEMO_PASSWORD);
    Http.Res rule = server.http.post("/api/rules", Map.of("name", "金卡客户",
        "conditions", Map.of("verifiedAttrs", Map.of("level", "gold")),
        "action", Map.of("type", "greeting", "text", "尊敬的金卡客户您好")), editor);
    assertEquals(201, rule.status(), rule.body());
    assertEquals(Map.of("level", "gold"), WsClient.JSON.convertValue(rule.json().get("conditions").get("verifiedAttrs"),
        Map.class));
    assertTrue(rule.json().get("conditions").get("attrs").isEmpty());
    String body = "{\"attrs\":{\"level\":\"gold\"}}";
    long now = System.currentTimeMillis();
    assertEquals(200, put("C-GOLD", body, now, sign(SECRET, "C-GOLD", now, body), null).statusCode());

    long started = System.nanoTime();
    try (TestServer.Visitor gold = hello(identity("C-GOLD", null, Map.of()))) {
      ObjectNode shown = gold.ws().take(f -> "proactive".equals(f.path("type").asText()), Duration.ofSeconds(10),
          "the rule for a verified gold customer");
      assertEquals("尊敬的金卡客户您好", shown.get("action").get("text").asText());
    }
    Duration firedWithin = Duration.ofNanos(System.nanoTime() - started);
    // The claim of a page: the same attribute, unverified. Watched five times as long as the real
    // one took (at least 2 s): the rule is evaluated at hello, as it was for the gold customer.
    Duration watch = firedWithin.multipliedBy(5).compareTo(Duration.ofSeconds(2)) > 0 ? firedWithin.multipliedBy(5)
        : Duration.ofSeconds(2);
    try (TestServer.Visitor claims = hello(identity("C-PLAIN", null, Map.of("level", "gold")))) {
      long until = System.nanoTime() + watch.toNanos();
      while (System.nanoTime() < until) {
        assertTrue(claims.ws().pending("proactive").isEmpty(), "a page's own claim fired a rule on verified attributes");
        Thread.sleep(50);
      }
    }
  }

  private Map<String, Object> identity(String customerId, String name, Map<String, String> attrs) {
    long ts = System.currentTimeMillis();
    Map<String, Object> id = new java.util.HashMap<>(TestServer.identity(customerId, ts, SECRET));
    id.put("name", name);
    id.put("attrs", attrs);
    return id;
  }

  private TestServer.Visitor hello(Map<String, Object> identity) {
    ObjectNode hello = obj("type", "hello", "token", null, "lastSeq", 0,
        "page", Map.of("url", "http://shop.example/plans/5g", "title", "5G 套餐"));
    hello.set("identity", WsClient.JSON.valueToTree(identity));
    return server.hello(hello);
  }
}
