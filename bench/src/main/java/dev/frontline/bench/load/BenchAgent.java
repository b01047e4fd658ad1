package dev.frontline.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontline.bench.SuppressForbidden;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * For {@code --conversation queued}: an agent of group {@code consult} with room for no chat,
 * online for the whole run. Visitors who ask for a person then wait in the queue (nobody is
 * ever assigned, no {@code no_agent} either), and a queued conversation's messages are stored
 * and acknowledged without the bot.
 */
@SuppressForbidden
final class BenchAgent implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;

  private BenchAgent(WebSocket socket) {
    this.socket = socket;
  }

  static BenchAgent start(LoadOptions o) throws IOException, InterruptedException {
    URI ws = o.url();
    String http = "http://" + ws.getHost() + ":" + (ws.getPort() > 0 ? ws.getPort() : 80);
    HttpClient client = HttpClient.newHttpClient();
    String admin = login(client, http, "admin", o.adminPassword());
    String name = "bench-agent-" + System.currentTimeMillis();
    String password = "bench-" + Long.toHexString(System.nanoTime()) + "-pass";
    post(client, http + "/api/users", admin, Map.of("username", name, "password", password,
        "displayName", "Bench agent", "roles", List.of("agent"), "groups", List.of("consult"), "maxChats", 0), 201);
    String token = login(client, http, name, password);

    CompletableFuture<Void> ready = new CompletableFuture<>();
    CompletableFuture<Void> online = new CompletableFuture<>();
    WebSocket.Listener listener = new WebSocket.Listener() {
      private final StringBuilder buf = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
        buf.append(data);
        if (last) {
          String type = Frames.parse(buf.toString()).type();
          buf.setLength(0);
          if ("ready".equals(type)) {
            ready.complete(null);
          } else if ("done".equals(type)) {
            online.complete(null);
          } else if ("error".equals(type)) {
            ready.completeExceptionally(new IOException("agent socket: error frame"));
            online.completeExceptionally(new IOException("agent socket: error frame"));
          }
        }
        s.request(1);
        return null;
      }
    };
    String agentUrl = "ws://" + ws.getHost() + ":" + (ws.getPort() > 0 ? ws.getPort() : 80) + "/ws/agent";
    WebSocket s = client.newWebSocketBuilder().buildAsync(URI.create(agentUrl), listener).join();
    s.sendText(JSON.writeValueAsString(Map.of("type", "auth", "token", token)), true);
    try {
      ready.get(10, TimeUnit.SECONDS);
      s.sendText("{\"type\":\"status\",\"status\":\"online\"}", true);
      online.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      s.abort();
      throw new IOException("bench agent did not get online: " + e, e);
    }
    System.out.println("  conversation=queued: agent " + name + " (group consult, maxChats 0) is online");
    return new BenchAgent(s);
  }

  private static String login(HttpClient client, String http, String user, String password)
      throws IOException, InterruptedException {
    JsonNode n = post(client, http + "/api/login", null, Map.of("username", user, "password", password), 200);
    return n.get("token").asText();
  }

  private static JsonNode post(HttpClient client, String url, String bearer, Object body, int expect)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expect) {
      throw new IOException("POST " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null)
        .join();
  }
}
