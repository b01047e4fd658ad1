package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Plain HTTP before any WebSocket upgrade, over raw sockets, with short deadlines (head 2 s, body
 * 1 s of grace then 1000 bytes a second, idle 5 s: longer than the head test's window, so that
 * the idle wait cannot pass for the head deadline): slowloris heads, slow bodies and idle
 * connections are closed, while the server goes on serving others.
 */
@Tag("database-agnostic")
class HttpDeadlinesIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("FRONTLINE_HTTP_HEADER_SECONDS", "2", "FRONTLINE_HTTP_BODY_SECONDS", "1",
        "FRONTLINE_HTTP_BODY_MIN_RATE", "1000", "FRONTLINE_HTTP_IDLE_SECONDS", "5", "FRONTLINE_BOT_DENSE", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aHeadThatTrickles_oneHeaderLineEveryHalfSecond_isClosedAtTheHeadDeadline() throws Exception {
    try (Socket s = connect()) {
      long start = System.nanoTime();
      RawHttp.write(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
      // Watched for 8 s (four times the deadline): without a head deadline the lines keep it open.
      long closedAt = sendUntilClosed(s, start, i -> "X-a-" + i + ": b\r\n", 500, 8_000,
          HttpDeadlinesIT::assertServesOthers);
      assertTrue(closedAt >= 1_500 && closedAt <= 4_000, "closed about 2 s after the head began, not at " + closedAt);
    }
  }

  @Test
  void aBodySlowerThanTheMinimumRate_isClosed() throws Exception {
    try (Socket s = connect()) {
      long start = System.nanoTime();
      RawHttp.write(s, "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 10000000\r\n\r\n");
      // 100 bytes every 200 ms = 500 B/s, half the minimum: due after 2 s; watched for 8 s.
      long closedAt = sendUntilClosed(s, start, i -> "a".repeat(100), 200, 8_000, () -> { });
      assertTrue(closedAt >= 1_500 && closedAt <= 4_500, "closed about 2 s after the head, not at " + closedAt);
      assertServesOthers();
    }
  }

  /**
   * Writes {@code next(i)} every {@code everyMs} (running {@code meanwhile} after each) until the
   * server ends the connection; returns when that was (ms since {@code start}), or -1 when it was
   * still open after {@code watchMs}.
   */
  private static long sendUntilClosed(Socket s, long start, IntFunction<String> next, int everyMs, int watchMs,
      Runnable meanwhile) throws IOException {
    for (int i = 0; elapsedMs(start) < watchMs; i++) {
      try {
        RawHttp.write(s, next.apply(i));
      } catch (IOException e) {
        return elapsedMs(start);
      }
      if (RawHttp.endedWithin(s, everyMs)) {
        return elapsedMs(start);
      }
      meanwhile.run();
    }
    return -1;
  }

  @Test
  void aBodyAtTheRate_isRead() throws Exception {
    try (Socket s = connect()) {
      String body = "{\"username\":\"nobody\"," + " ".repeat(3_000) + "\"password\":\"wrong-password\"}";
      RawHttp.write(s, "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n");
      // 300 bytes every 200 ms = 1500 B/s, above the minimum: the whole body arrives and is answered.
      for (int i = 0; i < body.length(); i += 300) {
        RawHttp.write(s, body.substring(i, Math.min(body.length(), i + 300)));
        Thread.sleep(200);
      }
      String head = RawHttp.response(s);
      assertTrue(head.startsWith("HTTP/1.1 401"), "the whole body was read and the login checked: " + head);
    }
  }

  @Test
  void anIdleConnection_freshOrKeptAlive_isClosedAfterTheIdleTimeout_butOneInUseIsNot() throws Exception {
    try (Socket fresh = connect(); Socket kept = connect(); Socket busy = connect()) {
      long start = System.nanoTime();
      RawHttp.write(kept, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(RawHttp.response(kept).startsWith("HTTP/1.1 200"));
      long keptFrom = elapsedMs(start);
      // busy sends a request every second for 10 s (twice the idle timeout) and stays open.
      for (int i = 0; i < 10; i++) {
        RawHttp.write(busy, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(RawHttp.response(busy).startsWith("HTTP/1.1 200"), "request " + i + " on the busy connection");
        Thread.sleep(1_000);
      }
      assertTrue(RawHttp.endedWithin(fresh, 100), "a connection that never sent a byte was closed");
      assertTrue(RawHttp.endedWithin(kept, 100), "a kept-alive connection idle since " + keptFrom + " ms was closed");
    }
  }

  @Test
  void theForcedSecureSetting_marksTheCookieSecure_withoutAProxy() {
    TestServer secure = TestServer.start(Map.of("FRONTLINE_SECURE_COOKIE", "1", "FRONTLINE_BOT_DENSE", "0"));
    try {
      HeaderHttp.Res r = HeaderHttp.login(secure.port(), "admin", TestServer.ADMIN_PASSWORD, Map.of());
      assertEquals(200, r.status(), r.body());
      assertTrue(r.setCookie().contains("; Secure"), r.setCookie());
    } finally {
      secure.close();
    }
  }

  private static void assertServesOthers() {
    assertEquals(200, server.http.get("/healthz", null).status(), "another client is served meanwhile");
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(5_000);
    return s;
  }

  private static long elapsedMs(long start) {
    return (System.nanoTime() - start) / 1_000_000L;
  }
}
