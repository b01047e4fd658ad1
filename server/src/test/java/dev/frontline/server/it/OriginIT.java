package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The session cookie authorises state changes from our own pages only, on open routes too
 * (logout, file upload): another Origin is refused 403 and changes nothing. Without a trusted
 * proxy, {@code X-Forwarded-Proto} does not make the cookie {@code Secure}.
 */
@Tag("database-agnostic")
class OriginIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("FRONTLINE_BOT_DENSE", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, String> cookieFrom(String origin, String token) {
    return Map.of("Cookie", "fl_session=" + token, "Origin", origin);
  }

  @Test
  void logoutWithTheCookie_fromAnotherOrigin_isRefused_andTheSessionLives() {
    String token = server.login("agent1", TestServer.DEMO_PASSWORD);
    HeaderHttp.Res r = HeaderHttp.post(server.port(), "/api/logout", "{}", cookieFrom("http://evil.example", token));
    assertEquals(403, r.status(), r.body());
    assertTrue(r.body().contains("cross-site"), r.body());
    assertEquals(200, server.http.get("/api/me", token).status(), "the session still works");
    HeaderHttp.Res own = HeaderHttp.post(server.port(), "/api/logout", "{}",
        cookieFrom("http://127.0.0.1:" + server.port(), token));
    assertEquals(200, own.status(), own.body());
    assertEquals(401, server.http.get("/api/me", token).status(), "our own page logs out");
  }

  @Test
  void anUploadWithTheCookie_fromAnotherOrigin_isRefusedAsCrossSite() {
    String token = server.admin();
    try (TestServer.Visitor v = server.visitor()) {
      HeaderHttp.Res r = HeaderHttp.post(server.port(), "/api/conversations/" + v.conversationId() + "/files?name=a.txt",
          "hello", cookieFrom("http://evil.example", token));
      assertEquals(403, r.status(), r.body());
      assertTrue(r.body().contains("cross-site"), r.body());
      // From our own page the cookie is a credential again: the usual access rule answers (the
      // admin serves no conversation, so it may not upload into one).
      HeaderHttp.Res own = HeaderHttp.post(server.port(), "/api/conversations/" + v.conversationId()
          + "/files?name=a.txt", "hello", cookieFrom("http://127.0.0.1:" + server.port(), token));
      assertFalse(own.body().contains("cross-site"), own.body());
      assertTrue(own.body().contains("not assigned to you"), own.body());
    }
  }

  @Test
  void forwardedProtoFromAnUntrustedPeer_doesNotMakeTheCookieSecure() {
    HeaderHttp.Res r = HeaderHttp.login(server.port(), "agent1", TestServer.DEMO_PASSWORD,
        Map.of("X-Forwarded-Proto", "https"));
    assertEquals(200, r.status(), r.body());
    assertFalse(r.setCookie().contains("Secure"), r.setCookie());
  }
}
