package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.Frontline;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.conversation.SiteIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real server, in this JVM, on an ephemeral port with a fresh data directory (and a fresh
 * PostgreSQL schema in the PostgreSQL runs). Demo content is on unless a test says otherwise.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-pass-1";
  public static final String DEMO_PASSWORD = "demo1234";

  public final Frontline server;
  public final Path dataDir;
  public final Http http;
  public final Map<String, String> env;
  private final java.time.Clock clock;

  private TestServer(Frontline server, Path dataDir, Map<String, String> env, java.time.Clock clock) {
    this.server = server;
    this.dataDir = dataDir;
    this.env = env;
    this.clock = clock;
    this.http = new Http("http://127.0.0.1:" + server.port());
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> extra) {
    return start(extra, java.time.Clock.systemUTC());
  }

  /** A server whose every timestamp comes from {@code clock} (a test that scripts a day moves it). */
  public static TestServer start(Map<String, String> extra, java.time.Clock clock) {
    try {
      Path dir = Files.createTempDirectory("frontline-it");
      Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
      env.put("FRONTLINE_PORT", "0");
      env.put("FRONTLINE_ADMIN_PASSWORD", ADMIN_PASSWORD);
      // BM25 alone unless a test is about the bot's answers: the embedding model and the demo
      // FAQ's vectors cost about 9 s a start, and most tests start a server for each method.
      env.put("FRONTLINE_BOT_DENSE", "0");
      env.putAll(extra);
      return new TestServer(Frontline.start(ServerConfig.fromEnv(env), clock), dir, env, clock);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("server did not start: " + e, e);
    }
  }

  /** The same data directory and database, started again (a restart). */
  public static TestServer restart(TestServer previous) {
    previous.server.close();
    try {
      return new TestServer(Frontline.start(ServerConfig.fromEnv(previous.env), previous.clock), previous.dataDir,
          previous.env, previous.clock);
    } catch (Exception e) {
      throw new IllegalStateException("server did not restart: " + e, e);
    }
  }

  public int port() {
    return server.port();
  }

  public URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  public String login(String username, String password) {
    return login(http, username, password);
  }

  /** Logs in on any server and returns the session token. */
  static String login(Http http, String username, String password) {
    Http.Res r = http.post("/api/login", Map.of("username", username, "password", password), null);
    assertEquals(200, r.status(), r.body());
    return r.json().get("token").asText();
  }

  public String admin() {
    return login("admin", ADMIN_PASSWORD);
  }

  /** Creates an agent through the API and returns its id. */
  public long createUser(String username, List<String> roles, List<String> groups, int maxChats) {
    return createUser(http, admin(), username, roles, groups, maxChats);
  }

  /** Creates an account on any server (a {@link ServerProcess} too); its password is {@code secret-<username>}. */
  static long createUser(Http http, String adminToken, String username, List<String> roles, List<String> groups,
      int maxChats) {
    Map<String, Object> body = new HashMap<>();
    body.put("username", username);
    body.put("password", "secret-" + username);
    body.put("displayName", "Agent " + username);
    body.put("roles", roles);
    body.put("groups", groups);
    body.put("maxChats", maxChats);
    Http.Res r = http.post("/api/users", body, adminToken);
    assertEquals(201, r.status(), r.body());
    return r.json().get("id").asLong();
  }

  /** A visitor connection that has said hello and got its welcome (returned). */
  public Visitor visitor() {
    return visitor(null, 0);
  }

  public Visitor visitor(String token, int lastSeq) {
    return visitorAt(ws("/ws/visitor"), token, lastSeq);
  }

  /** A visitor connection to {@code uri} (any server) that has said hello and got its welcome. */
  static Visitor visitorAt(URI uri, String token, int lastSeq) {
    WsClient ws = WsClient.connect(uri);
    ObjectNode hello = WsClient.obj("type", "hello", "token", token, "lastSeq", lastSeq,
        "page", Map.of("url", "http://shop.example/plans", "title", "Plans"));
    ws.send(hello);
    ObjectNode welcome = ws.take("welcome");
    return new Visitor(ws, welcome);
  }

  /** A visitor connection that sent this {@code hello} and got its welcome. */
  public Visitor hello(ObjectNode hello) {
    WsClient ws = WsClient.connect(ws("/ws/visitor"));
    ws.send(hello);
    return new Visitor(ws, ws.take("welcome"));
  }

  /** A host site's identity for {@code hello}, signed with {@code secret} as CONTRACT section 4 says. */
  public static Map<String, Object> identity(String customerId, long ts, String secret) {
    String sig = HexFormat.of().formatHex(new SiteIdentity(secret).sign(customerId + "." + ts));
    return Map.of("customerId", customerId, "name", "王女士", "attrs", Map.of("star", "5", "age", "30-39"), "ts", ts,
        "sig", sig);
  }

  /** A visitor connection with its welcome frame. */
  public record Visitor(WsClient ws, ObjectNode welcome) implements AutoCloseable {
    public String conversationId() {
      return welcome.get("conversationId").asText();
    }

    public String token() {
      return welcome.get("token").asText();
    }

    public String visitorId() {
      return welcome.get("visitorId").asText();
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  /** An agent console connection, authenticated and (when {@code online}) online. */
  public WsClient agent(String username, String password, boolean online) {
    return agentAt(ws("/ws/agent"), login(username, password), online);
  }

  /** A console connection to {@code uri} (any server), authenticated with a login token, online when asked. */
  static WsClient agentAt(URI uri, String token, boolean online) {
    WsClient ws = WsClient.connect(uri);
    ws.send(WsClient.obj("type", "auth", "token", token));
    ws.take("ready");
    if (online) {
      ws.send(WsClient.obj("type", "status", "status", "online"));
      ws.take("done", f -> "status".equals(f.path("for").asText()));
    }
    return ws;
  }

  @Override
  public void close() {
    server.close();
    deleteQuietly(dataDir);
  }

  static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files; the OS cleans up
    }
  }
}
