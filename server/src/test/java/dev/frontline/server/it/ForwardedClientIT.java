package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted reverse proxy (127.0.0.1, as the test client connects): the login limiter keys
 * on the client the proxy names, checks and counts atomically, and a lock-out on one address
 * does not stop the right password from another; the session cookie is {@code Secure} when the
 * proxy says the client came over https.
 */
@Tag("database-agnostic")
class ForwardedClientIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("FRONTLINE_TRUSTED_PROXIES", "127.0.0.1", "FRONTLINE_BOT_DENSE", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HeaderHttp.Res login(String user, String password, String forwardedFor) {
    return HeaderHttp.login(server.port(), user, password, Map.of("X-Forwarded-For", forwardedFor));
  }

  @Test
  void fortyParallelWrongPasswords_getAtMostFivePasswordChecks() throws Exception {
    List<CompletableFuture<HeaderHttp.Res>> tries = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(40)) {
      for (int i = 0; i < 40; i++) {
        tries.add(CompletableFuture.supplyAsync(() -> login("agent2", "wrong-password", "198.51.100.7"), pool));
      }
      int checked = 0;
      int limited = 0;
      for (CompletableFuture<HeaderHttp.Res> t : tries) {
        int status = t.join().status();
        checked += status == 401 ? 1 : 0;
        limited += status == 429 ? 1 : 0;
      }
      assertEquals(40, checked + limited, "every attempt was answered 401 or 429");
      assertTrue(checked <= 5, checked + " password checks; the limit is 5");
    }
  }

  @Test
  void failuresFromOneAddress_lockThatAddressOut_butNotTheOwnerElsewhere() {
    for (int i = 0; i < 5; i++) {
      assertEquals(401, login("supervisor", "wrong-" + i, "198.51.100.9").status());
    }
    assertEquals(429, login("supervisor", TestServer.DEMO_PASSWORD, "198.51.100.9").status(),
        "the failing address is locked out of the account, right password or not");
    assertEquals(429, login("supervisor", TestServer.DEMO_PASSWORD, "203.0.113.66, 198.51.100.9").status(),
        "a forged left part of X-Forwarded-For does not change the client (the rightmost untrusted address)");
    HeaderHttp.Res owner = login("supervisor", TestServer.DEMO_PASSWORD, "198.51.100.10");
    assertEquals(200, owner.status(), "the owner, from an address that never failed, logs in: " + owner.body());
  }

  @Test
  void theCookieIsSecure_whenTheTrustedProxySaysHttps_andOnlyThen() {
    HeaderHttp.Res tls = HeaderHttp.login(server.port(), "agent3", TestServer.DEMO_PASSWORD,
        Map.of("X-Forwarded-For", "198.51.100.20", "X-Forwarded-Proto", "https"));
    assertEquals(200, tls.status(), tls.body());
    assertTrue(tls.setCookie().contains("; Secure"), tls.setCookie());
    HeaderHttp.Res plain = HeaderHttp.login(server.port(), "agent3", TestServer.DEMO_PASSWORD,
        Map.of("X-Forwarded-For", "198.51.100.20", "X-Forwarded-Proto", "http"));
    assertEquals(200, plain.status(), plain.body());
    assertFalse(plain.setCookie().contains("Secure"), plain.setCookie());
  }
}
