package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the drain and outage tests share: waiting on /healthz, counting log lines, reading back. */
final class Outages {
  private Outages() {}

  /**
   * Polls {@code /healthz} until it answers {@code status} with a body containing {@code text};
   * each answer must come within a second (the probe runs in the background: a dead dependency
   * never makes /healthz itself wait).
   */
  static Http.Res awaitHealth(ServerProcess p, int status, String text, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    Http.Res last = null;
    while (System.nanoTime() < deadline) {
      long start = System.nanoTime();
      last = p.http().get("/healthz", null);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs < 1_000, "/healthz answered in " + tookMs + " ms");
      if (last.status() == status && last.body().contains(text)) {
        return last;
      }
      Thread.sleep(100);
    }
    fail("/healthz never answered " + status + " with '" + text + "' within " + max + "; last: "
        + (last == null ? null : last.status() + " " + last.body()) + "\n" + p.output());
    return last;
  }

  /** The conversation's stored messages with a clientId, clientId to seq; fails on a doubled one. */
  static Map<String, Integer> storedOnce(JsonNode conversation) {
    Map<String, Integer> stored = new HashMap<>();
    for (JsonNode m : conversation.get("messages")) {
      if (m.hasNonNull("clientId")) {
        assertNull(stored.put(m.get("clientId").asText(), m.get("seq").asInt()), "stored once: " + m.get("clientId"));
      }
    }
    return stored;
  }

  /** How many lines of {@code output} contain {@code text}. */
  static int lines(String output, String text) {
    Matcher m = Pattern.compile(Pattern.quote(text)).matcher(output);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
