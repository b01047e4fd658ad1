package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP conventions of CONTRACT section 2: login, roles, and one error envelope for every bad request. */
class ApiIT {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static void assertError(Http.Res r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(code, r.json().get("error").get("code").asText(), r.body());
    assertFalse(r.json().get("error").get("message").asText().isBlank());
    assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r.body());
  }

  @Test
  void healthz_isOk() {
    Http.Res r = server.http.get("/healthz", null);
    assertEquals(200, r.status());
    assertEquals("ok", r.json().get("status").asText());
  }

  @Test
  void emptyStart_hasAdminAndTheDefaultGroups() {
    String admin = server.admin();
    Http.Res groups = server.http.get("/api/groups", admin);
    assertEquals(200, groups.status());
    List<String> ids = new java.util.ArrayList<>();
    groups.json().get("groups").forEach(g -> ids.add(g.get("id").asText()));
    assertEquals(List.of("consult", "query", "transact", "shopping", "after_sales", "download", "complaint", "other"), ids);
    Http.Res menu = server.http.get("/api/menu", null);
    assertEquals(8, menu.json().get("menu").size());
    Http.Res users = server.http.get("/api/users", admin);
    assertEquals(1, users.json().get("users").size(), "FRONTLINE_DEMO=0: only admin");
  }

  @Test
  void login_setsHttpOnlyCookie_andReturnsTheUser() {
    Http.Res r = server.http.post("/api/login", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD), null);
    assertEquals(200, r.status());
    assertNotNull(r.json().get("token").asText());
    assertEquals("admin", r.json().get("user").get("username").asText());
    assertTrue(r.json().get("user").get("roles").toString().contains("admin"));
    assertNotNull(r.json().get("user").get("id"));
    assertTrue(r.setCookie().contains("HttpOnly") && r.setCookie().startsWith("fl_session="), r.setCookie());
  }

  @Test
  void wrongCredentials_are401_andRepeatedFailuresAreRateLimited() {
    assertError(server.http.post("/api/login", Map.of("username", "admin", "password", "wrong-one"), null), 401,
        "invalid_credentials");
    assertError(server.http.post("/api/login", Map.of("username", "nobody", "password", "wrong-one"), null), 401,
        "invalid_credentials");
    Http.Res last = null;
    for (int i = 0; i < 6; i++) {
      last = server.http.post("/api/login", Map.of("username", "admin", "password", "wrong-" + i), null);
    }
    assertError(last, 429, "rate_limited");
    assertError(server.http.post("/api/login", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD), null),
        429, "rate_limited");
  }

  @Test
  void createUserAndGroup_adminOnly_withValidation() {
    String admin = server.admin();
    Http.Res g = server.http.post("/api/groups", Map.of("id", "vip", "name", "VIP 客户"), admin);
    assertEquals(201, g.status(), g.body());
    assertError(server.http.post("/api/groups", Map.of("id", "vip", "name", "again"), admin), 409, "conflict");
    Http.Res u = server.http.post("/api/users", Map.of("username", "amy", "password", "amy-secret-1", "displayName", "Amy",
        "roles", List.of("agent"), "groups", List.of("vip", "consult"), "maxChats", 4), admin);
    assertEquals(201, u.status(), u.body());
    assertTrue(u.json().get("id").isNumber());
    assertError(server.http.post("/api/users", Map.of("username", "amy", "password", "amy-secret-1",
        "roles", List.of("agent")), admin), 409, "conflict");
    assertError(server.http.post("/api/users", Map.of("username", "bob", "password", "short", "roles", List.of("agent")),
        admin), 400, "invalid_field");
    assertError(server.http.post("/api/users", Map.of("username", "bob", "password", "long-enough-1",
        "roles", List.of("wizard")), admin), 400, "invalid_field");
    assertError(server.http.post("/api/users", Map.of("username", "bob", "password", "long-enough-1",
        "roles", List.of("agent"), "groups", List.of("nope")), admin), 400, "invalid_field");
    assertError(server.http.post("/api/users", Map.of("password", "long-enough-1"), admin), 400, "missing_field");

    String amy = server.login("amy", "amy-secret-1");
    assertError(server.http.post("/api/users", Map.of("username", "eve", "password", "eve-secret-1",
        "roles", List.of("admin")), amy), 403, "forbidden");
    assertError(server.http.post("/api/groups", Map.of("id", "x", "name", "x"), amy), 403, "forbidden");
    assertError(server.http.put("/api/settings", Map.of("typingPreview", false), amy), 403, "forbidden");
  }

  @Test
  void badRequests_getTheErrorEnvelope() {
    String admin = server.admin();
    assertError(server.http.get("/api/users", null), 401, "unauthorized");
    assertError(server.http.get("/api/users", "made-up-token"), 401, "unauthorized");
    assertError(server.http.send("POST", "/api/users", "{not json", admin, "application/json"), 400, "bad_json");
    assertError(server.http.post("/api/users", "[]", admin), 400, "bad_json");
    assertError(server.http.get("/api/nothing-here", admin), 404, "not_found");
    assertError(server.http.delete("/api/login", null), 405, "method_not_allowed");
    assertError(server.http.get("/api/conversations/c-unknown", admin), 404, "not_found");
    assertError(server.http.get("/no-such-page", null), 404, "not_found");
    String big = "{\"username\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}";
    assertError(server.http.post("/api/users", big, admin), 413, "too_large");
    assertError(server.http.put("/api/settings", Map.of("noSuchSetting", true), admin), 400, "invalid_field");
  }

  @Test
  void tooLargeBody_isAnswered413_whileTheClientIsStillSending() throws Exception {
    String admin = server.admin();
    int total = 40 * 1024 * 1024;
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(15_000);
      java.io.OutputStream out = s.getOutputStream();
      out.write(("POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin
          + "\r\nContent-Type: application/json\r\nContent-Length: " + total + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      for (int sent = 0; sent < total; sent += chunk.length) {
        out.write(chunk); // a reset connection fails here: the body must be drained, not refused
      }
      out.flush();
      String head = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 413", head);
    }
  }

  @Test
  void cookieAuthenticatedWrite_fromAnotherOrigin_isRefused() throws Exception {
    Http.Res login = server.http.post("/api/login", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD), null);
    String cookie = login.setCookie().split(";")[0];
    java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/groups"))
        .header("Cookie", cookie).header("Origin", "http://evil.example").header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"evil\",\"name\":\"evil\"}")).build();
    assertEquals(403, c.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    java.net.http.HttpRequest same = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/groups"))
        .header("Cookie", cookie).header("Origin", "http://127.0.0.1:" + server.port())
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"fine\",\"name\":\"fine\"}")).build();
    assertEquals(201, c.send(same, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void agentSocket_refusesBadTokensAndWrongRoles_andAcceptsTheCookie() {
    String admin = server.admin();
    server.http.post("/api/users", Map.of("username", "ed", "password", "ed-secret-12", "roles", List.of("editor")), admin);
    try (WsClient ws = WsClient.connect(server.ws("/ws/agent"))) {
      ws.send(obj("type", "auth", "token", "bogus"));
      assertEquals("unauthorized", ws.take("error").get("code").asText());
      assertTrue(ws.awaitClose(Duration.ofSeconds(5)) > 0, "closed after a bad token");
    }
    String editor = server.login("ed", "ed-secret-12");
    try (WsClient ws = WsClient.connect(server.ws("/ws/agent"))) {
      ws.send(obj("type", "auth", "token", editor));
      assertEquals("forbidden", ws.take("error").get("code").asText());
      assertTrue(ws.awaitClose(Duration.ofSeconds(5)) > 0, "an editor may not use the agent socket");
    }
    try (WsClient ws = WsClient.connect(server.ws("/ws/agent"))) {
      ws.send(obj("type", "status", "status", "online"));
      assertEquals("unauthorized", ws.take("error").get("code").asText(), "auth comes first");
    }
    Http.Res login = server.http.post("/api/login", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD), null);
    String cookie = login.setCookie().split(";")[0];
    String origin = "http://127.0.0.1:" + server.port();
    try (WsClient ws = WsClient.connect(server.ws("/ws/agent"), Map.of("Cookie", cookie, "Origin", origin))) {
      assertEquals("管理员", ws.take("ready").get("agent").get("name").asText(), "the browser's cookie authenticates");
    }
  }
}
