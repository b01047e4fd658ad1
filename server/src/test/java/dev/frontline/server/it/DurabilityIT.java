package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged means durable: a restart or a SIGKILL in the middle of a burst loses no
 * acknowledged message and doubles none; the visitor resumes the same conversation.
 */
class DurabilityIT {

  private static Map<String, String> env(Path dir) {
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    return env;
  }

  /** One visitor of the burst: what it was told before the kill. */
  private static final class Sender {
    String token;
    String conversationId;
    final Map<String, Integer> acked = new LinkedHashMap<>();
  }

  @Test
  void sigkillDuringBurst_everyAckedMessageSurvivesOnce_andResendsStoreNothingTwice() throws Exception {
    Path dir = Files.createTempDirectory("frontline-kill");
    try {
      killDuringBurst(env(dir), 20, 15, "burst message ", () -> () -> true);
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }

  /**
   * The embedded database checkpoints every millisecond while a burst of long messages goes on,
   * so the checkpointer is copying WAL frames into the file most of the time; the kill comes once
   * the file has visibly grown by checkpoints (1 MiB beyond its size at start). A checkpoint cut
   * short leaves the WAL's frames in place, and SQLite replays them on open.
   */
  @Test
  @Tag("embedded-only")
  void sigkillDuringACheckpoint_losesNoAckedMessage() throws Exception {
    Assumptions.assumeFalse(TestDb.postgres(), "checkpoints are the embedded database's");
    Path dir = Files.createTempDirectory("frontline-kill-cp");
    try {
      Map<String, String> env = env(dir);
      env.put("FRONTLINE_DB_CHECKPOINT_MS", "1");
      Path file = dir.resolve("db").resolve("frontline.db");
      String text = "检查点 checkpoint ".repeat(160) + "#";
      killDuringBurst(env, 20, 20, text, () -> {
        long start = size(file);
        return () -> size(file) > start + (1 << 20);
      });
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }

  /** A file written by the H2 version is not converted: the server says so and exits 2, touching nothing. */
  @Test
  @Tag("embedded-only")
  void aDataDirectoryOfTheH2Version_isRefused_withExitCode2() throws Exception {
    Assumptions.assumeFalse(TestDb.postgres(), "the embedded database's data directory");
    Path dir = Files.createTempDirectory("frontline-h2");
    try {
      Files.createDirectories(dir.resolve("db/wal-chat"));
      Files.writeString(dir.resolve("db/frontline.mv.db"), "H:2,block:2,blockSize:1000,chunk:1,created:0,format:3");
      ServerProcess.Exit exit = ServerProcess.runToExit(env(dir), Duration.ofSeconds(60));
      assertEquals(2, exit.code(), exit.output());
      assertTrue(exit.output().contains("written by an older Frontline (H2 database"), exit.output());
      assertTrue(!Files.exists(dir.resolve("db/frontline.db")), "no SQLite file was created beside it");
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /**
   * {@code visitors} each fire {@code perVisitor} messages; once every visitor's first message is
   * acknowledged and the condition {@code killWhen} made at the server's start holds, the server is
   * SIGKILLed. After a restart every
   * acknowledged message is there once with its seq, and resending everything stores nothing twice.
   */
  private static void killDuringBurst(Map<String, String> env, int visitors, int perVisitor, String text,
      java.util.function.Supplier<java.util.function.BooleanSupplier> killWhen) throws Exception {
    List<Sender> senders = new ArrayList<>();
    try (ServerProcess first = ServerProcess.start(env)) {
      java.util.function.BooleanSupplier killNow = killWhen.get();
      List<WsClient> sockets = new ArrayList<>();
      for (int i = 0; i < visitors; i++) {
        WsClient v = WsClient.connect(first.ws("/ws/visitor"));
        v.send(obj("type", "hello", "token", null, "lastSeq", 0));
        ObjectNode welcome = v.take("welcome");
        Sender s = new Sender();
        s.token = welcome.get("token").asText();
        s.conversationId = welcome.get("conversationId").asText();
        senders.add(s);
        sockets.add(v);
      }
      // Every visitor fires its burst; the server is killed while acks are still coming.
      for (int m = 0; m < perVisitor; m++) {
        for (WsClient v : sockets) {
          v.send(obj("type", "send", "clientId", "m" + m, "text", text + m));
        }
      }
      // Every conversation is stored with its first message; the kill comes while the other acks
      // are still coming. (A conversation none of whose messages was durable is not resumed: its
      // id was only ever in memory.)
      List<ObjectNode> firstAcks = new ArrayList<>();
      for (WsClient v : sockets) {
        firstAcks.add(v.take("ack", f -> "m0".equals(f.path("clientId").asText())));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!killNow.getAsBoolean()) {
        assertTrue(System.nanoTime() < deadline, "the moment to kill never came");
        Thread.sleep(1);
      }
      first.kill();
      for (int i = 0; i < visitors; i++) {
        senders.get(i).acked.put("m0", firstAcks.get(i).get("seq").asInt());
        for (ObjectNode ack : sockets.get(i).pending("ack")) {
          senders.get(i).acked.put(ack.get("clientId").asText(), ack.get("seq").asInt());
        }
        sockets.get(i).abort();
      }
    }
    int ackedBeforeKill = senders.stream().mapToInt(s -> s.acked.size()).sum();
    assertTrue(ackedBeforeKill > 0, "some messages were acknowledged before the kill");
    try (ServerProcess second = ServerProcess.start(env)) {
      String admin = new TestLogin(second.http()).admin();
      for (Sender s : senders) {
        WsClient v = WsClient.connect(second.ws("/ws/visitor"));
        v.send(obj("type", "hello", "token", s.token, "lastSeq", 0));
        ObjectNode welcome = v.take("welcome");
        assertTrue(welcome.get("returning").asBoolean());
        assertEquals(s.conversationId, welcome.get("conversationId").asText(), "the open conversation is resumed");
        awaitQuiet(v, Duration.ofMillis(300), Duration.ofSeconds(10));
        Map<String, Integer> replayed = new HashMap<>();
        int expectedSeq = 1;
        for (ObjectNode m : v.pending("message")) {
          assertEquals(expectedSeq++, m.get("seq").asInt(), "replay in order without gaps");
          if (m.hasNonNull("clientId")) {
            assertTrue(replayed.put(m.get("clientId").asText(), m.get("seq").asInt()) == null, "no doubles");
          }
        }
        for (Map.Entry<String, Integer> a : s.acked.entrySet()) {
          assertEquals(a.getValue(), replayed.get(a.getKey()), "acked " + a.getKey() + " survives with its seq");
        }
        // The client resends everything (as the widget does with its outbox).
        for (int m = 0; m < perVisitor; m++) {
          v.send(obj("type", "send", "clientId", "m" + m, "text", text + m));
          Thread.sleep(20);
        }
        Map<String, Integer> acks = new HashMap<>();
        while (acks.size() < perVisitor) {
          ObjectNode ack = v.take("ack");
          acks.put(ack.get("clientId").asText(), ack.get("seq").asInt());
        }
        for (Map.Entry<String, Integer> a : s.acked.entrySet()) {
          assertEquals(a.getValue(), acks.get(a.getKey()), "a resent acked message gets the same ack");
        }
        JsonNode conv = second.http().get("/api/conversations/" + s.conversationId, admin).json();
        Map<String, Integer> stored = new HashMap<>();
        int seq = 1;
        for (JsonNode m : conv.get("messages")) {
          assertEquals(seq++, m.get("seq").asInt());
          if (m.hasNonNull("clientId")) {
            assertTrue(stored.put(m.get("clientId").asText(), m.get("seq").asInt()) == null,
                "stored once: " + m.get("clientId"));
          }
        }
        assertEquals(perVisitor, stored.size(), "every message stored exactly once");
        v.close();
      }
      assertEquals(0, second.terminate(10), "SIGTERM stops gracefully with exit 0");
    }
  }

  @Test
  void restart_resumesConversationAndKeepsMessages() {
    TestServer server = TestServer.start();
    String token;
    String conversationId;
    try (TestServer.Visitor v = server.visitor()) {
      token = v.token();
      conversationId = v.conversationId();
      v.ws().send(obj("type", "send", "clientId", "r1", "text", "第一条"));
      v.ws().take("ack");
    }
    server = TestServer.restart(server);
    try (TestServer.Visitor v = server.visitor(token, 1)) {
      assertEquals(conversationId, v.conversationId());
      ObjectNode replay = v.ws().message("visitor");
      assertEquals("第一条", replay.get("text").asText());
      assertEquals(2, replay.get("seq").asInt());
      v.ws().send(obj("type", "send", "clientId", "r1", "text", "第一条"));
      assertEquals(2, v.ws().take("ack").get("seq").asInt(), "dedupe survives the restart");
    } finally {
      server.close();
    }
  }

  /** Waits until no new message frame arrived for {@code quiet}. */
  static void awaitQuiet(WsClient v, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    int seen = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int now = v.pending("message").size();
      if (now != seen) {
        seen = now;
        since = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - since > quiet.toNanos()) {
        return;
      }
      Thread.sleep(25);
    }
  }

  /** Logs in against a server started as a process. */
  record TestLogin(Http http) {
    String admin() {
      return http.post("/api/login", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD), null)
          .json().get("token").asText();
    }
  }
}
