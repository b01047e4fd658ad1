package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log of the real server (its jar, in its own process): a user name carrying CR/LF and other
 * control characters stays inside its own log line, escaped, and forges no line.
 */
@Tag("database-agnostic")
class LogForgingIT {
  /** A line as the log writes them; with "ghost" and a line break it fits the 64 characters a user name may have. */
  private static final String FORGED = "2026-01-01T00:00 INFO event=auth.login user=admin";

  @Test
  void aUserNameWithLineBreaks_cannotWriteAForgedLine() throws Exception {
    Path dir = Files.createTempDirectory("frontline-log");
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("FRONTLINE_BOT_DENSE", "0");
    String log;
    try (ServerProcess sp = ServerProcess.start(env)) {
      for (String sep : new String[] {"\r\n", "\n", "\r", "\u2028", "\u0085"}) {
        String name = "ghost" + sep + FORGED;
        assertEquals(401, sp.http().post("/api/login", Map.of("username", name, "password", "wrong-password"), null)
            .status());
      }
      assertEquals(0, sp.terminate(30), "a clean stop");
      log = sp.output();
    } finally {
      TestServer.deleteQuietly(dir);
    }
    assertTrue(log.contains("event=server.stopped"), "the whole log was read:\n" + log);
    assertTrue(log.contains("user=ghost\\r\\n" + FORGED), "the name is logged, escaped, on its own line:\n" + log);
    for (String line : log.split("\n", -1)) {
      assertFalse(line.startsWith(FORGED) || line.startsWith("\r" + FORGED), "a forged line:\n" + log);
    }
    assertFalse(log.contains("\u2028") || log.contains("\u0085"), "no line separators in the log:\n" + log);
  }
}
