package dev.frontline.server.it;

import static dev.frontline.server.it.Kb.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bot's thresholds learned from the knowledge base, through the API: read, previewed,
 * saved, taught with out-of-scope examples and with dismissed unanswered questions. BM25 alone
 * ({@code FRONTLINE_BOT_DENSE=0}): the calibration is the same mechanism either way, and this
 * keeps the test quick.
 */
@Tag("database-agnostic")
class BotCalibrationIT {
  private static final Duration LEARNING = Duration.ofSeconds(20);

  private TestServer server;
  private String admin;
  private String editor;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_BOT_DENSE", "0"));
    admin = server.admin();
    editor = new Kb(server).user("ed", List.of("editor"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Twelve entries of four phrasings each, imported. */
  private void importBase() {
    String[] topics = {"话费", "流量", "宽带", "套餐", "积分", "发票", "漫游", "密码", "携号转网", "停机", "彩铃", "副卡"};
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < topics.length; i++) {
      String t = topics[i];
      jsonl.append("{\"id\":\"c").append(i).append("\",\"question\":\"怎么查询").append(t)
          .append("\",\"similar\":[\"").append(t).append("怎么查\",\"查一下").append(t).append("\",\"")
          .append(t).append("在哪里看\"],\"answer\":\"在App里看").append(t).append("。\",\"category\":\"\"}\n");
    }
    Http.Res r = server.http.send("POST", "/api/faq/import", jsonl.toString(), admin, "application/x-ndjson");
    assertEquals(200, r.status(), r.body());
  }

  private JsonNode awaitCalibration(Predicate<JsonNode> zh, String what) {
    long deadline = System.nanoTime() + LEARNING.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = server.http.get("/api/bot/calibration", editor).json();
      for (JsonNode b : last.get("bots")) {
        if (b.get("language").asText().equals("zh") && zh.test(b)) {
          return last;
        }
      }
      Kb.sleep(50);
    }
    fail("calibration: " + what + " not seen within " + LEARNING + "; last: " + last);
    return last;
  }

  private static JsonNode zh(JsonNode view) {
    for (JsonNode b : view.get("bots")) {
      if (b.get("language").asText().equals("zh")) {
        return b;
      }
    }
    throw new AssertionError("no zh bot in " + view);
  }

  @Test
  void thresholdsAreLearnedFromTheBase_previewed_andSaved() {
    importBase();
    JsonNode live = awaitCalibration(b -> b.get("heldOut").asInt() == 48, "48 held-out phrasings");
    JsonNode bot = zh(live);
    assertTrue(bot.get("learned").asBoolean(), bot.toString());
    assertTrue(bot.get("suggestDefault").asBoolean(), "no out-of-scope examples yet: the safe default");
    assertEquals(0.9, live.get("targetPrecision").asDouble(), 1e-9);
    assertEquals(101, bot.get("curve").size());
    double answers = bot.get("answers").asDouble();
    double answer = bot.get("answer").asDouble();

    JsonNode preview = server.http.get("/api/bot/calibration/preview?targetPrecision=0.99", editor).json();
    JsonNode strict = zh(preview);
    assertTrue(strict.get("answer").asDouble() >= answer, strict.toString());
    assertTrue(strict.get("answers").asDouble() <= answers);
    assertEquals(0.9, server.http.get("/api/bot/calibration", editor).json().get("targetPrecision").asDouble(), 1e-9,
        "a preview saves nothing");

    Http.Res saved = server.http.put("/api/bot/calibration", Map.of("targetPrecision", 0.99), editor);
    assertEquals(200, saved.status(), saved.body());
    double expected = strict.get("answer").asDouble();
    awaitCalibration(b -> Math.abs(b.get("answer").asDouble() - expected) < 1e-9, "the saved target in use");
    assertEquals(0.99, server.http.get("/api/bot/calibration", editor).json().get("targetPrecision").asDouble(), 1e-9);

    Http.Res added = server.http.post("/api/bot/calibration/out-of-scope",
        Map.of("questions", List.of("今天天气怎么样", "附近有什么好吃的")), editor);
    assertEquals(200, added.status(), added.body());
    assertEquals(2, added.json().get("added").asInt());
    JsonNode taught = zh(awaitCalibration(b -> b.get("outOfScope").asInt() == 2, "two out-of-scope examples"));
    assertFalse(taught.get("suggestDefault").asBoolean(), "the suggest cut is learned from them");
  }

  @Test
  void badRequests_getTheErrorEnvelope_andOnlyEditorsMayChangeIt() {
    assertError(server.http.put("/api/bot/calibration", Map.of("targetPrecision", 2), editor), 400, "invalid_field");
    assertError(server.http.put("/api/bot/calibration", Map.of("targetPrecision", "high"), editor), 400,
        "invalid_field");
    assertError(server.http.get("/api/bot/calibration/preview", editor), 400, "missing_field");
    assertError(server.http.get("/api/bot/calibration/preview?targetPrecision=x", editor), 400, "invalid_field");
    assertError(server.http.post("/api/bot/calibration/out-of-scope", Map.of("questions", List.of()), editor), 400,
        "invalid_field");
    String agent = new Kb(server).user("ann", List.of("agent"));
    assertError(server.http.get("/api/bot/calibration", agent), 403, "forbidden");
    assertError(server.http.put("/api/bot/calibration", Map.of("targetPrecision", 0.95), agent), 403, "forbidden");
    assertError(server.http.get("/api/bot/calibration", null), 401, "unauthorized");
  }

  @Test
  void aDismissedUnansweredQuestion_becomesAnOutOfScopeExample() {
    importBase();
    awaitCalibration(b -> b.get("heldOut").asInt() == 48, "the imported base");
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(WsClient.obj("type", "send", "clientId", "a", "text", "猫粮哪个牌子好"));
      v.ws().take("ack");
    }
    long deadline = System.nanoTime() + LEARNING.toNanos();
    JsonNode groups;
    do {
      groups = server.http.get("/api/faq/unanswered", editor).json().get("groups");
      Kb.sleep(50);
    } while (groups.isEmpty() && System.nanoTime() < deadline);
    assertEquals(1, groups.size(), groups.toString());
    assertEquals(200, server.http.post("/api/faq/unanswered/" + groups.get(0).get("id").asText() + "/resolve",
        Map.of("action", "dismiss"), editor).status());
    assertEquals(1, server.http.get("/api/bot/calibration", editor).json().get("outOfScopeExamples").asInt());
    awaitCalibration(b -> b.get("outOfScope").asInt() == 1, "the dismissed question as an example");
  }
}
