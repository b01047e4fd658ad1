package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/admin/backup}: an online copy of the embedded database taken while visitors
 * keep chatting; the copy opens on its own, passes SQLite's integrity check and holds every
 * message acknowledged before the request; chats are acknowledged during the copy, and one
 * backup runs at a time.
 */
class BackupIT {
  /** How the server names a backup after its start: {@code frontline-<this>.db}. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Every ack a visitor got so far, by client id. */
  private static Map<String, Integer> acks(TestServer.Visitor v) {
    Map<String, Integer> out = new HashMap<>();
    for (ObjectNode f : v.ws().history()) {
      if ("ack".equals(f.path("type").asText())) {
        out.put(f.get("clientId").asText(), f.get("seq").asInt());
      }
    }
    return out;
  }

  private static int totalAcks(List<TestServer.Visitor> visitors) {
    return visitors.stream().mapToInt(v -> acks(v).size()).sum();
  }

  private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void aBackupTakenWhileChatsGoOn_isAConsistentDatabase_withEveryMessageAckedBeforeIt() throws Exception {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"))) {
      String admin = server.admin();
      if (TestDb.postgres()) {
        Http.Res r = server.http.post("/api/admin/backup", Map.of(), admin);
        assertEquals(400, r.status(), r.body());
        assertEquals("unsupported", r.json().get("error").get("code").asText());
        return;
      }
      List<TestServer.Visitor> visitors = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        visitors.add(server.visitor());
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread chatter = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          for (TestServer.Visitor v : visitors) {
            v.ws().send(obj("type", "send", "clientId", "m" + n, "text", "backup chat " + n));
          }
          try {
            Thread.sleep(15);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "chatter");
      chatter.start();
      try {
        await("the first acks", () -> totalAcks(visitors) >= 40);
        Map<String, Map<String, Integer>> before = new HashMap<>();
        for (TestServer.Visitor v : visitors) {
          before.put(v.conversationId(), acks(v));
        }
        Http.Res r = server.http.post("/api/admin/backup", Map.of(), admin);
        assertEquals(201, r.status(), r.body());
        int atBackup = totalAcks(visitors);
        await("acks after the backup", () -> totalAcks(visitors) >= atBackup + 40);

        Path copy = server.dataDir.resolve(r.json().get("file").asText());
        assertTrue(Files.size(copy) > 0 && Files.size(copy) == r.json().get("bytes").asLong(), r.body());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
            Statement st = c.createStatement()) {
          try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
          }
          int checked = 0;
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT seq FROM messages WHERE conversation_id = ? AND client_id = ?")) {
            for (Map.Entry<String, Map<String, Integer>> conv : before.entrySet()) {
              for (Map.Entry<String, Integer> ack : conv.getValue().entrySet()) {
                ps.setString(1, conv.getKey());
                ps.setString(2, ack.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                  assertTrue(rs.next(), "acked before the backup, so in it: " + ack.getKey());
                  assertEquals(ack.getValue().intValue(), rs.getInt(1));
                }
                checked++;
              }
            }
          }
          assertTrue(checked >= 40, "checked " + checked + " acknowledged messages");
        }
      } finally {
        stop.set(true);
        chatter.join(10_000);
        visitors.forEach(TestServer.Visitor::close);
      }
      JsonNode live = server.http.get("/api/conversations/" + visitors.get(0).conversationId(), admin).json();
      assertTrue(live.get("messages").size() > 1, "the live database kept every message");
    }
  }

  /**
   * The backup's {@code VACUUM INTO} is one read transaction: chats commit during it, and a second
   * backup asked for meanwhile is refused with 409. The database is filled with 200 MB of a table
   * of the test's own first, so that the copy takes long enough to see writes inside it; "during"
   * is told by the server's own clock (the backup's name is its start, {@code ms} its length) and
   * this process's (the same machine's): a message sent after the backup began and acknowledged
   * before it ended was committed while it ran.
   */
  @Test
  @Tag("embedded-only")
  void aBackupHoldsNoWriterUp_andASecondOneMeanwhileIsAConflict() throws Exception {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"))) {
      String admin = server.admin();
      try (Connection c = server.server.database().connection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE backup_filler (pad BLOB)");
        st.execute("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200000)"
            + " INSERT INTO backup_filler SELECT randomblob(1000) FROM s");
      }
      List<TestServer.Visitor> visitors = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        visitors.add(server.visitor());
      }
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      Map<String, Long> ackSeenAt = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      // Each visitor sends every 120 ms, under the flood guard's 10 a second: ~130 messages a second.
      Thread chatter = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          for (int i = 0; i < visitors.size(); i++) {
            String id = "w" + i + "-" + n;
            sentAt.put(id, System.currentTimeMillis());
            visitors.get(i).ws().send(obj("type", "send", "clientId", id, "text", "backup chat " + n));
          }
          try {
            Thread.sleep(120);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "chatter");
      Thread watcher = new Thread(() -> {
        while (!stop.get()) {
          long now = System.currentTimeMillis();
          for (TestServer.Visitor v : visitors) {
            acks(v).keySet().forEach(id -> ackSeenAt.putIfAbsent(id, now));
          }
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "ack-watcher");
      chatter.start();
      watcher.start();
      try {
        await("the first acks", () -> ackSeenAt.size() >= 40);
        Path backups = server.dataDir.resolve("backups");
        CompletableFuture<Http.Res> first =
            CompletableFuture.supplyAsync(() -> server.http.post("/api/admin/backup", Map.of(), admin));
        await("the first backup's file", () -> {
          try (var files = Files.list(backups)) {
            return files.findAny().isPresent();
          } catch (java.io.IOException e) {
            return false;
          }
        });
        Http.Res second = server.http.post("/api/admin/backup", Map.of(), admin);
        assertFalse(first.isDone(), "the first backup was still running when the second was answered");
        assertEquals(409, second.status(), second.body());
        assertEquals("conflict", second.json().get("error").get("code").asText());

        Http.Res r = first.get(120, TimeUnit.SECONDS);
        assertEquals(201, r.status(), r.body());
        String file = r.json().get("file").asText();
        Matcher named = Pattern.compile("backups/frontline-(.+)\\.db").matcher(file);
        assertTrue(named.matches(), file);
        long began = Instant.from(STAMP.parse(named.group(1))).toEpochMilli();
        long ended = began + r.json().get("ms").asLong();
        assertTrue(ended - began >= 200, "the copy must take a while to see writes during it: " + r.body());
        long during = sentAt.entrySet().stream().filter(e -> e.getValue() >= began)
            .filter(e -> ackSeenAt.getOrDefault(e.getKey(), Long.MAX_VALUE) <= ended).count();
        assertTrue(during >= 10, during + " messages sent after the backup began were acknowledged before it ended ("
            + (ended - began) + " ms)");
      } finally {
        stop.set(true);
        chatter.join(10_000);
        watcher.join(10_000);
        visitors.forEach(TestServer.Visitor::close);
      }
    }
  }

  @Test
  void onlyAnAdminMayTakeABackup() {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"))) {
      assertEquals(401, server.http.post("/api/admin/backup", Map.of(), null).status());
      server.createUser("sup1", List.of("supervisor"), List.of(), 3);
      String sup = server.login("sup1", "secret-sup1");
      Http.Res r = server.http.post("/api/admin/backup", Map.of(), sup);
      assertEquals(403, r.status(), r.body());
      assertEquals("forbidden", r.json().get("error").get("code").asText());
    }
  }
}
