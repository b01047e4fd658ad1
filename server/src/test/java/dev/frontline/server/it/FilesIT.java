package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads under attack: limits per uploader, visitor, conversation and disk with clear errors,
 * nothing left behind by any refused upload, and downloads no wider than the conversation.
 */
class FilesIT {
  private TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WsClient agent(String name) {
    return server.agent(name, "secret-" + name, true);
  }

  /** Uploads {@code body}, as a visitor (token) or a user (bearer), answering status and body. */
  private HttpResponse<String> upload(String conv, String visitorToken, String bearer, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.port() + "/api/conversations/" + conv + "/files"))
        .header("X-File-Name", "note.txt").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (visitorToken != null) {
      b.header("X-Visitor-Token", visitorToken);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] text(int bytes) {
    byte[] b = new byte[bytes];
    Arrays.fill(b, (byte) 'a');
    return b;
  }

  private static String code(HttpResponse<String> r) throws IOException {
    return WsClient.JSON.readTree(r.body()).path("error").path("code").asText();
  }

  /** Regular files under uploads/ (temporary ones included). */
  private long filesOnDisk() throws IOException {
    Path dir = server.dataDir.resolve("uploads");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  private long rows() throws Exception {
    try (Connection c = server.server.database().connection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM files")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void set(String name, long value) {
    Http.Res r = server.http.put("/api/settings", Map.of(name, value), server.admin());
    assertEquals(200, r.status(), r.body());
  }

  @Test
  void refusedUploads_leaveNoFileAndNoRow() throws Exception {
    server.createUser("mine", List.of("agent"), List.of("consult"), 2);
    server.createUser("stranger", List.of("agent"), List.of("other"), 2);
    try (WsClient a = agent("mine"); TestServer.Visitor v = server.visitor(); TestServer.Visitor other = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv = a.take("assigned").get("conversationId").asText();

      HttpResponse<String> stranger = upload(conv, null, server.login("stranger", "secret-stranger"), text(10));
      assertEquals(403, stranger.statusCode(), stranger.body());
      HttpResponse<String> supervisor = upload(conv, null, server.admin(), text(10));
      assertEquals(403, supervisor.statusCode(), "only the conversation's agent posts into it: " + supervisor.body());
      assertEquals(403, upload(conv, other.token(), null, text(10)).statusCode());
      assertEquals(400, upload(conv, v.token(), null, new byte[] {'M', 'Z', 0, 1}).statusCode());
      assertEquals(0, filesOnDisk(), "a refused upload wrote a file");
      assertEquals(0, rows(), "a refused upload wrote a row");

      assertEquals(201, upload(conv, v.token(), null, text(10)).statusCode());
      assertEquals(201, upload(conv, null, server.login("mine", "secret-mine"), text(10)).statusCode());
      assertEquals(2, filesOnDisk());
      assertEquals(2, rows());
    }
  }

  @Test
  void aFloodOfParallelUploads_isCutAtTheRate_withRateLimited_andLeavesOnlyWhatWasAccepted() throws Exception {
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "send", "clientId", "hi", "text", "你好"));
      v.ws().take("ack");
      String conv = v.conversationId();
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            return upload(conv, v.token(), null, text(1024 * 1024));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      int created = 0;
      for (CompletableFuture<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 201) {
          created++;
        } else {
          assertEquals(429, r.statusCode(), r.body());
          assertEquals("rate_limited", code(r));
        }
      }
      assertEquals(10, created, "the default uploadsPerMinute is 10");
      assertEquals(10, rows());
      assertEquals(10, filesOnDisk());
    }
  }

  @Test
  void quotasPerConversationVisitorAndDisk_answerClearErrors_andWriteNothing() throws Exception {
    set("uploadsPerMinute", 0);
    set("uploadFilesPerConversation", 2);
    try (TestServer.Visitor v = server.visitor()) {
      String conv = v.conversationId();
      v.ws().send(obj("type", "send", "clientId", "hi", "text", "你好"));
      v.ws().take("ack");
      assertEquals(201, upload(conv, v.token(), null, text(100)).statusCode());
      assertEquals(201, upload(conv, v.token(), null, text(100)).statusCode());
      HttpResponse<String> third = upload(conv, v.token(), null, text(100));
      assertEquals(413, third.statusCode(), third.body());
      assertEquals("quota_exceeded", code(third));
      assertTrue(third.body().contains("at most 2 files for a conversation"), third.body());

      set("uploadFilesPerConversation", 0);
      set("uploadMiBPerConversation", 1);
      HttpResponse<String> big = upload(conv, v.token(), null, text(1024 * 1024));
      assertEquals(413, big.statusCode(), big.body());
      assertTrue(big.body().contains("MiB of files for a conversation"), big.body());

      set("uploadMiBPerConversation", 0);
      set("uploadFilesPerVisitorDay", 3);
      assertEquals(201, upload(conv, v.token(), null, text(100)).statusCode());
      HttpResponse<String> day = upload(conv, v.token(), null, text(100));
      assertEquals(413, day.statusCode(), day.body());
      assertTrue(day.body().contains("at most 3 files for a visitor a day"), day.body());

      set("uploadFilesPerVisitorDay", 0);
      set("uploadDiskBudgetMiB", 1);
      assertEquals(201, upload(conv, v.token(), null, text(512 * 1024)).statusCode());
      HttpResponse<String> full = upload(conv, v.token(), null, text(512 * 1024));
      assertEquals(507, full.statusCode(), full.body());
      assertEquals("storage_full", code(full));

      assertEquals(4, rows(), "only the accepted uploads have rows");
      assertEquals(4, filesOnDisk(), "only the accepted uploads have files");
    }
  }

  @Test
  void anAgentWhoServedTheVisitorBefore_cannotReadTheFilesOfItsLaterConversationWithAnother() throws Exception {
    server.createUser("first", List.of("agent"), List.of("consult"), 2);
    server.createUser("second", List.of("agent"), List.of("consult"), 2);
    server.createUser("boss", List.of("supervisor"), List.of("consult"), 2);
    String first = server.login("first", "secret-first");
    String second = server.login("second", "secret-second");
    try (WsClient a = agent("first"); TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv1 = a.take("assigned").get("conversationId").asText();
      String file1 = WsClient.JSON.readTree(upload(conv1, v.token(), null, "一".getBytes(StandardCharsets.UTF_8)).body())
          .get("fileId").asText();
      a.send(obj("type", "close", "conversationId", conv1));
      v.ws().take("closed");
      a.send(obj("type", "status", "status", "away"));
      a.take("done", f -> "status".equals(f.path("for").asText()));

      try (WsClient b = agent("second")) {
        v.ws().send(obj("type", "human"));
        JsonNode assigned = b.take("assigned");
        String conv2 = assigned.get("conversationId").asText();
        JsonNode up = WsClient.JSON.readTree(upload(conv2, v.token(), null, "二".getBytes(StandardCharsets.UTF_8)).body());
        String file2 = up.get("fileId").asText();

        assertEquals(403, server.http.get("/api/files/" + file2, first).status(),
            "the agent of the visitor's earlier conversation reads no file of this one");
        assertEquals(403, server.http.get("/api/conversations/" + conv2, first).status(), "nor the conversation");
        assertEquals(200, server.http.get("/api/files/" + file2, second).status());
        assertEquals(200, server.http.get("/api/files/" + file2, server.login("boss", "secret-boss")).status());
        HttpResponse<String> asVisitor = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/api/files/" + file2)).header("X-Visitor-Token", v.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, asVisitor.statusCode());
        assertEquals("二", asVisitor.body());

        assertEquals(200, server.http.get("/api/files/" + file1, first).status(), "its own conversation's file");
        assertEquals(200, server.http.get("/api/files/" + file1, second).status(),
            "the visitor's current agent reads its past conversations, and so their files");
      }
    }
  }
}
