package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end of a login session reaches an already-open console at once: after a logout, a password
 * change, a disabled account, or the session's expiry (sessions last 4 s here), the console gets
 * {@code error unauthorized} and the close code 1008 that makes it show the login again.
 */
class SessionRevocationIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("FRONTLINE_SESSION_SECONDS", "4", "FRONTLINE_BOT_DENSE", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WsClient console(String token) {
    return TestServer.agentAt(server.ws("/ws/agent"), token, true);
  }

  /** Ended for {@code why} (the server's reason), not by the 4-s expiry that could stand in for it. */
  private static void assertEnded(WsClient ws, String why) {
    ObjectNode error = ws.take(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(3), "error");
    assertEquals("unauthorized", error.get("code").asText(), why);
    assertTrue(error.path("message").asText().contains(why), "ended because " + why + ": " + error);
    assertEquals(1008, ws.awaitClose(Duration.ofSeconds(3)), why + ": closed as a policy violation");
  }

  @Test
  void aLogout_closesTheConsoleOfThatSession_andNotAnotherSessionsConsole() {
    long id = server.createUser("rev-logout", List.of("agent"), List.of("consult"), 3);
    String first = server.login("rev-logout", "secret-rev-logout");
    String second = server.login("rev-logout", "secret-rev-logout");
    try (WsClient a = console(first); WsClient b = console(second)) {
      assertEquals(200, server.http.post("/api/logout", Map.of(), first).status());
      assertEnded(a, "logged out");
      b.send(obj("type", "ping"));
      b.take("pong");
      assertTrue(b.open(), "the other session's console (user " + id + ") stays");
    }
  }

  @Test
  void aPasswordChange_closesEveryConsoleOfTheUser() {
    long id = server.createUser("rev-password", List.of("agent"), List.of("consult"), 3);
    String token = server.login("rev-password", "secret-rev-password");
    try (WsClient a = console(token)) {
      String admin = server.admin();
      assertEquals(200, server.http.put("/api/users/" + id, Map.of("password", "another-secret"), admin).status());
      assertEnded(a, "the password was changed");
    }
  }

  @Test
  void aDisabledAccount_closesItsConsole() {
    long id = server.createUser("rev-disabled", List.of("agent"), List.of("consult"), 3);
    String token = server.login("rev-disabled", "secret-rev-disabled");
    try (WsClient a = console(token)) {
      assertEquals(200, server.http.put("/api/users/" + id, Map.of("disabled", true), server.admin()).status());
      ObjectNode error = a.take(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(3), "error");
      assertEquals("unauthorized", error.get("code").asText());
      assertTrue(error.path("message").asText().contains("the account was disabled"), "not the expiry: " + error);
      assertTrue(a.awaitClose(Duration.ofSeconds(3)) > 0, "closed");
    }
  }

  @Test
  void anExpiredSession_closesItsConsole_atItsExpiry() {
    server.createUser("rev-expiry", List.of("agent"), List.of("consult"), 3);
    long loggedIn = System.nanoTime();
    String token = server.login("rev-expiry", "secret-rev-expiry");
    try (WsClient a = console(token)) {
      ObjectNode error = a.take(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(8), "error");
      long after = (System.nanoTime() - loggedIn) / 1_000_000L;
      assertEquals("unauthorized", error.get("code").asText());
      assertTrue(error.get("message").asText().contains("expired"), error.toString());
      assertTrue(after >= 3_500 && after <= 6_500, "ended about 4 s after the login, not at " + after + " ms");
      assertEquals(1008, a.awaitClose(Duration.ofSeconds(3)));
    }
  }
}
