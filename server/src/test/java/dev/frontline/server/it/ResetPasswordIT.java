package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code frontline.jar reset-password USER} (docs/operations.md) in its own process, against a
 * server process on the same data: a new generated password, printed once, and the account's
 * sessions ended; refused while a server runs on the embedded data directory.
 */
class ResetPasswordIT {
  private static final Pattern NEW_PASSWORD = Pattern.compile("New password for admin: (\\S+)");
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

  private static Map<String, String> env(Path dir) {
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("FRONTLINE_DEMO", "0");
    return env;
  }

  private static int login(Http http, String password) {
    return http.post("/api/login", Map.of("username", "admin", "password", password), null).status();
  }

  private static String token(Http http, String password) {
    Http.Res r = http.post("/api/login", Map.of("username", "admin", "password", password), null);
    assertEquals(200, r.status(), r.body());
    return r.json().get("token").asText();
  }

  private static String newPassword(ServerProcess.Exit exit) {
    Matcher m = NEW_PASSWORD.matcher(exit.output());
    assertTrue(m.find(), "the new password is printed:\n" + exit.output());
    return m.group(1);
  }

  @Test
  @Tag("embedded-only")
  void embedded_refusedWhileAServerRuns_thenSetsANewPasswordAndEndsTheSessions_andEnablesOnRequest() throws Exception {
    Assumptions.assumeFalse(TestDb.postgres(), "the embedded database's data directory");
    Path dir = Files.createTempDirectory("frontline-reset");
    Map<String, String> env = env(dir);
    try {
      String oldToken;
      try (ServerProcess server = ServerProcess.start(env)) {
        Http http = server.http();
        oldToken = token(http, TestServer.ADMIN_PASSWORD);
        ServerProcess.Exit refused = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password", "admin"));
        assertEquals(2, refused.code(), refused.output());
        assertTrue(refused.output().contains("A Frontline server is running on the data directory"), refused.output());
        assertEquals(200, login(http, TestServer.ADMIN_PASSWORD), "a refused reset changes nothing");
        assertEquals(0, server.terminate(10));
      }

      ServerProcess.Exit unknown = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password", "nobody"));
      assertEquals(1, unknown.code(), unknown.output());
      assertTrue(unknown.output().contains("No account named 'nobody'"), unknown.output());
      ServerProcess.Exit usage = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password", "a", "b"));
      assertEquals(2, usage.code(), usage.output());

      ServerProcess.Exit done = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password", "admin"));
      assertEquals(0, done.code(), done.output());
      String password = newPassword(done);
      assertTrue(password.length() >= 16, password);
      assertTrue(done.output().contains("Ended 2 session(s) of admin"), done.output());

      try (ServerProcess server = ServerProcess.start(env)) {
        Http http = server.http();
        assertEquals(401, http.get("/api/me", oldToken).status(), "the old session has ended");
        assertEquals(401, login(http, TestServer.ADMIN_PASSWORD), "the old password no longer works");
        String admin = token(http, password);
        assertEquals(200, http.get("/api/users", admin).status(), "the new one does, as admin");
        // The only admin disables itself: no one can log in as admin any more.
        long id = http.get("/api/me", admin).json().get("id").asLong();
        assertEquals(200, http.put("/api/users/" + id, Map.of("disabled", true), admin).status());
        assertEquals(401, login(http, password));
        assertEquals(0, server.terminate(10));
      }

      ServerProcess.Exit stillDisabled = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password", "admin"));
      assertEquals(0, stillDisabled.code(), stillDisabled.output());
      assertTrue(stillDisabled.output().contains("the account is disabled and cannot log in"), stillDisabled.output());
      ServerProcess.Exit enabled = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password", "--enable"));
      assertEquals(0, enabled.code(), enabled.output());
      assertTrue(enabled.output().contains("enabled again"), enabled.output());
      String last = newPassword(enabled);

      try (ServerProcess server = ServerProcess.start(env)) {
        Http http = server.http();
        assertEquals(401, login(http, newPassword(stillDisabled)), "each reset replaces the password");
        assertEquals(200, http.get("/api/users", token(http, last)).status(), "enabled, with the last password");
        assertEquals(0, server.terminate(10));
      }
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }

  /**
   * PostgreSQL: the servers of a cluster keep running while the password is reset; they read the
   * new password at the next login and forget the cached token checks within 30 s.
   */
  @Test
  @Tag("postgres-only")
  void postgres_resetWhileTheServerRuns_newPasswordAtOnce_oldTokenEndsWithinTheCacheTime() throws Exception {
    Assumptions.assumeTrue(TestDb.postgres(), "a PostgreSQL run");
    Path dir = Files.createTempDirectory("frontline-reset-pg");
    Map<String, String> env = env(dir);
    try (ServerProcess server = ServerProcess.start(env)) {
      Http http = server.http();
      String oldToken = token(http, TestServer.ADMIN_PASSWORD);
      assertEquals(200, http.get("/api/me", oldToken).status(), "the token check is now in the server's cache");
      ServerProcess.Exit done = ServerProcess.runToExit(env, CLI_TIMEOUT, List.of("reset-password"));
      assertEquals(0, done.code(), done.output());
      String password = newPassword(done);
      assertEquals(401, login(http, TestServer.ADMIN_PASSWORD));
      assertEquals(200, login(http, password));
      long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos(); // the 30 s token cache, and slack
      while (http.get("/api/me", oldToken).status() != 401) {
        assertTrue(System.nanoTime() < deadline, "the old token still works 45 s after the reset");
        Thread.sleep(250);
      }
      assertEquals(0, server.terminate(10));
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }
}
