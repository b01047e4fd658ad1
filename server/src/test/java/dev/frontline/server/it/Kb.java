package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Knowledge-base helpers for integration tests: users by role, entry bodies, waiting on the bot. */
final class Kb {
  private final TestServer server;

  Kb(TestServer server) {
    this.server = server;
  }

  /** Creates a user with these roles and logs in; returns the token. */
  String user(String username, List<String> roles) {
    server.createUser(username, roles, List.of(), 0);
    return server.login(username, "secret-" + username);
  }

  static Map<String, Object> entry(String question, List<String> similar, String answer, String category) {
    Map<String, Object> m = new HashMap<>();
    m.put("question", question);
    m.put("similar", similar);
    m.put("answer", answer);
    m.put("category", category);
    return m;
  }

  /** POST /api/faq, expecting 201; returns the body. */
  JsonNode create(String token, Map<String, Object> body) {
    Http.Res r = server.http.post("/api/faq", body, token);
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  JsonNode bot(String q) {
    Http.Res r = server.http.get("/api/bot/answer?q=" + Http.enc(q), null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static boolean answers(JsonNode reply, String faqId) {
    return "answer".equals(reply.get("decision").asText()) && faqId.equals(reply.get("faqId").asText());
  }

  /**
   * Polls the bot for at most {@code within} until {@code p} holds for its reply to {@code q};
   * fails otherwise. Returns the reply.
   */
  JsonNode awaitBot(String q, Duration within, Predicate<JsonNode> p, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode last;
    do {
      last = bot(q);
      if (p.test(last)) {
        return last;
      }
      sleep(25);
    } while (System.nanoTime() < deadline);
    fail("the bot did not " + what + " within " + within + " for '" + q + "'; last reply: " + last);
    return last;
  }

  /** Asks the bot during {@code during} and fails if {@code p} ever holds. */
  void neverBot(String q, Duration during, Predicate<JsonNode> p, String what) {
    long deadline = System.nanoTime() + during.toNanos();
    do {
      JsonNode r = bot(q);
      assertFalse(p.test(r), "the bot must not " + what + " for '" + q + "': " + r);
      sleep(100);
    } while (System.nanoTime() < deadline);
  }

  static void assertError(Http.Res r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, r.json().get("error").get("code").asText(), r.body());
    assertTrue(!r.json().get("error").get("message").asText().isBlank());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
