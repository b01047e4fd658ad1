package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: who may read it, and that a chat through the real server moves its figures. */
@Tag("database-agnostic")
class MetricsIT {
  private static final String TOKEN = "scrape-token-0123456789";

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_METRICS_TOKEN", TOKEN));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void scrape_withoutOrWithWrongToken_isRefused_metricsTokenAndAdminMayRead() {
    Http.Res none = server.http.get("/metrics", null);
    assertEquals(401, none.status(), none.body());
    assertEquals("unauthorized", none.json().at("/error/code").asText());
    assertEquals(401, server.http.get("/metrics", "not-the-token-0123456789").status());
    String agent = server.login("agent1", TestServer.DEMO_PASSWORD);
    Http.Res forAgent = server.http.get("/metrics", agent);
    assertEquals(403, forAgent.status(), forAgent.body());
    assertEquals("forbidden", forAgent.json().at("/error/code").asText());
    assertEquals(405, server.http.send("POST", "/metrics", "{}", TOKEN, "application/json").status());

    Http.Res byToken = server.http.get("/metrics", TOKEN);
    assertEquals(200, byToken.status());
    assertTrue(byToken.contentType().startsWith("text/plain; version=0.0.4"), byToken.contentType());
    assertEquals(200, server.http.get("/metrics", server.admin()).status());
    Map<String, Double> m = parse(byToken.body());
    assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM memory figures");
    assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_")), "GC figures");
    assertTrue(m.getOrDefault("jvm_threads_live_threads", 0.0) > 0, "JVM thread figures");
    assertTrue(value(m, "frontline_errors_total{code=\"unauthorized\",transport=\"http\"}") >= 2,
        "the refused scrapes are counted as errors: " + byToken.body());
  }

  @Test
  void chatThroughTheServer_movesSocketsMessagesAcksJournalBotQueueAndErrorFigures() {
    Map<String, Double> before = scrape();
    try (WsClient agent = server.agent("agent1", TestServer.DEMO_PASSWORD, true);
        TestServer.Visitor visitor = server.visitor()) {
      awaitScrape(m -> value(m, "frontline_sockets_open{kind=\"visitor\"}") == 1
          && value(m, "frontline_sockets_open{kind=\"agent\"}") == 1
          && value(m, "frontline_agents{presence=\"online\"}") == 1, "open sockets and an online agent");

      visitor.ws().send(obj("type", "send", "clientId", "m-1", "text", "怎么查话费"));
      visitor.ws().take("ack");
      // The bot's reply (after the greeting, 1, and the question, 2) before asking for a person, who would silence it.
      visitor.ws().take("message", f -> "bot".equals(f.path("from").asText()) && f.path("seq").asInt() > 2);
      visitor.ws().send(obj("type", "nonsense"));
      visitor.ws().take("error");
      visitor.ws().send(obj("type", "human", "group", "consult"));
      String conversation = agent.take("assigned").get("conversationId").asText();
      agent.send(obj("type", "send", "conversationId", conversation, "clientId", "a-1", "text", "您好"));
      agent.take("ack");

      Map<String, Double> after = awaitScrape(m -> moved(before, m, "frontline_acks_total", 2)
          && moved(before, m, "frontline_ack_latency_seconds_count", 2)
          && moved(before, m, "frontline_messages_total{from=\"visitor\"}", 1)
          && moved(before, m, "frontline_messages_total{from=\"agent\"}", 1)
          && moved(before, m, "frontline_messages_total{from=\"bot\"}", 1)
          && sum(m, "frontline_bot_questions_seconds_count{") >= sum(before, "frontline_bot_questions_seconds_count{") + 1
          && moved(before, m, "frontline_journal_batch_size_count{journal=\"chat\"}", 1)
          && moved(before, m, "frontline_journal_commit_seconds_count{journal=\"chat\"}", 1)
          && moved(before, m, "frontline_queue_wait_seconds_count{group=\"consult\",outcome=\"assigned\"}", 1)
          && moved(before, m, "frontline_errors_total{code=\"unknown_type\",transport=\"ws\"}", 1),
          "figures moved by the chat");
      assertTrue(value(after, "frontline_ack_latency_seconds_bucket{le=\"+Inf\"}")
          >= before.getOrDefault("frontline_ack_latency_seconds_bucket{le=\"+Inf\"}", 0.0) + 2, "histogram buckets");
      assertTrue(after.containsKey("frontline_queue_length{group=\"consult\"}"), "queue length per group");
    }
    awaitScrape(m -> value(m, "frontline_sockets_open{kind=\"visitor\"}") == 0
        && value(m, "frontline_sockets_open{kind=\"agent\"}") == 0, "closed sockets leave the gauge");
  }

  private static double value(Map<String, Double> m, String key) {
    Double v = m.get(key);
    if (v == null) {
      fail("no " + key + " in the scrape");
    }
    return v;
  }

  private static boolean moved(Map<String, Double> before, Map<String, Double> after, String key, double by) {
    return after.getOrDefault(key, 0.0) >= before.getOrDefault(key, 0.0) + by;
  }

  private static double sum(Map<String, Double> m, String prefix) {
    return m.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
  }

  private Map<String, Double> scrape() {
    Http.Res r = server.http.get("/metrics", TOKEN);
    assertEquals(200, r.status(), r.body());
    return parse(r.body());
  }

  /** Scrapes until {@code ok} holds; the figures are recorded asynchronously (journal threads, the dispatcher). */
  private Map<String, Double> awaitScrape(Predicate<Map<String, Double>> ok, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Map<String, Double> m = scrape();
    while (!ok.test(m)) {
      if (System.nanoTime() > deadline) {
        fail("within 20 s: " + what + "; last scrape:\n" + String.join("\n",
            m.entrySet().stream().filter(e -> e.getKey().startsWith("frontline_")).map(Map.Entry::toString).sorted()
                .toList()));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval
      m = scrape();
    }
    return m;
  }

  /** The Prometheus text format: one {@code name{labels} value} a line; comments skipped. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> out = new HashMap<>();
    for (String line : List.of(text.split("\n"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return out;
  }
}
