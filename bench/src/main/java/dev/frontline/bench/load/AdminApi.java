package dev.frontline.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontline.bench.SuppressForbidden;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The few HTTP calls the load generator makes: log in, create an agent, count a run's events in
 * the trail export, read the trail's figures.
 */
@SuppressForbidden
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();
  private final String http;
  private final String adminToken;

  private AdminApi(String http, String adminToken) {
    this.http = http;
    this.adminToken = adminToken;
  }

  /** Logs in as {@code admin} on the server of the visitor WebSocket {@code ws}. */
  static AdminApi login(URI ws, String adminPassword) throws IOException, InterruptedException {
    String http = "http://" + ws.getHost() + ":" + (ws.getPort() > 0 ? ws.getPort() : 80);
    AdminApi unauthenticated = new AdminApi(http, null);
    return new AdminApi(http, unauthenticated.login("admin", adminPassword));
  }

  String login(String user, String password) throws IOException, InterruptedException {
    JsonNode n = post("/api/login", null, Map.of("username", user, "password", password), 200);
    return n.get("token").asText();
  }

  /** Creates an agent of group {@code consult} and logs it in; returns its token. */
  String createAgent(String username, String displayName, int maxChats) throws IOException, InterruptedException {
    String password = "bench-" + Long.toHexString(System.nanoTime()) + "-pass";
    post("/api/users", adminToken, Map.of("username", username, "password", password, "displayName", displayName,
        "roles", List.of("agent"), "groups", List.of("consult"), "maxChats", maxChats), 201);
    return login(username, password);
  }

  /**
   * Creates and logs in one agent per name ({@link #createAgent}), four at a time (each creation
   * and login hashes a password); returns their tokens in the names' order.
   */
  List<String> createAgents(List<String> names, int maxChats) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> fs = new ArrayList<>();
      for (String name : names) {
        fs.add(pool.submit(() -> createAgent(name, name, maxChats)));
      }
      List<String> tokens = new ArrayList<>();
      for (Future<String> f : fs) {
        tokens.add(f.get());
      }
      return tokens;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Lines of {@code GET /api/trajectory/export?from=...} that contain {@code marker}. */
  long countExport(long fromMillis, String marker) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(http + "/api/trajectory/export?from=" + fromMillis))
        .header("Authorization", "Bearer " + adminToken).GET().build();
    HttpResponse<InputStream> resp = client.send(r, HttpResponse.BodyHandlers.ofInputStream());
    long n = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8), 1 << 16)) {
      if (resp.statusCode() != 200) {
        throw new IOException("GET /api/trajectory/export -> " + resp.statusCode());
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (line.contains(marker)) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * The server's trail figures ({@code GET /api/trajectory/stats}: {@code queued}, {@code written},
   * {@code refused}, {@code failed}, {@code backlog}), or null from a server without them.
   */
  JsonNode trailStats() throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(http + "/api/trajectory/stats"))
        .header("Authorization", "Bearer " + adminToken).GET().build();
    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() == 404) {
      return null;
    }
    if (resp.statusCode() != 200) {
      throw new IOException("GET /api/trajectory/stats -> " + resp.statusCode());
    }
    return JSON.readTree(resp.body()).get("events");
  }

  private JsonNode post(String path, String bearer, Object body, int expect) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expect) {
      throw new IOException("POST " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
