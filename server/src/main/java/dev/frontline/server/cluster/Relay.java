package dev.frontline.server.cluster;

import dev.frontline.server.api.ApiResponse;
import dev.frontline.server.protocol.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member's public side (decision 0011): it holds its own visitors' and agents' sockets
 * and relays them to the leader over Redis, and forwards the JSON API to the leader's internal
 * port. Every process runs one, the leader included, so that a socket is handled the same way
 * wherever it lands: no sticky sessions.
 *
 * <p>It follows the leader by its announcements. When the leader changes, or falls silent for
 * {@link #LEADER_TIMEOUT_MS}, or a message from it is missing (a gap in its numbers), every socket
 * here is closed with 1012: the widget and the console reconnect at once and resume with {@code
 * lastSeq} from the leader's log, which is the database. Nothing acknowledged is lost that way;
 * what was in flight and not acknowledged is sent again by the client.
 */
public final class Relay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);
  static final long LEADER_TIMEOUT_MS = 5_000;
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "keep-alive", "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-connection", "http2-settings",
      "x-forwarded-for", "x-forwarded-proto");
  private static final Set<String> NOT_PASSED_BACK = Set.of("connection", "content-length", "content-type",
      "transfer-encoding", "keep-alive", "cache-control", "date", "x-content-type-options", "referrer-policy");

  /** A socket held here, as the relay sees it; methods may be called from any thread. */
  public interface Socket {
    /** A frame's JSON from the leader; a droppable one may be skipped when the socket is congested. */
    void deliver(String json, boolean droppable);

    /** Closes the WebSocket with {@code code}. */
    void closeWith(int code, String reason);
  }

  private record Leader(long epoch, String node, String address) {}

  private final RedisLink redis;
  private final String node;
  private final String leaderChannel;
  private final Map<Long, Socket> sockets = new ConcurrentHashMap<>();
  private final AtomicLong sids = new AtomicLong();
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private volatile Leader leader;
  private volatile long lastAnnounce;
  /** The number of the leader's next message to this node; the Lettuce thread only. */
  private long expect = -1;
  /** Numbers of what this node publishes; guarded by {@code this}. */
  private long out;

  public Relay(RedisLink redis, String node) {
    this.redis = redis;
    this.node = node;
    this.leaderChannel = Wire.leaderChannel(redis);
    redis.listen(Wire.announceChannel(redis), this::announced);
    redis.listen(Wire.edgeChannel(redis, node), this::fromLeader);
    // Pooled connections to the leader are dropped after 20 s idle, before the leader's own 60 s
    // keep-alive deadline: a request never goes out on a connection the leader is closing.
    if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
      System.setProperty("jdk.httpclient.keepalive.timeout", "20");
    }
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.timer = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("cluster-relay").daemon(true).unstarted(r));
    timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  public String node() {
    return node;
  }

  /** Whether a leader is known: sockets and API calls can be served. */
  public boolean ready() {
    return leader != null;
  }

  /** Sockets held here. */
  public int sockets() {
    return sockets.size();
  }

  // ---- sockets ----

  /**
   * A socket opened here; returns its number, or -1 when no leader is known (the caller closes
   * it with 1013 so that the client tries again).
   */
  public long open(Socket s, boolean agent, boolean doNotTrack, String remote, String cookieToken) {
    if (leader == null) {
      return -1;
    }
    long sid = sids.incrementAndGet();
    sockets.put(sid, s);
    publish('O', sid + " " + (agent ? "a" : "v") + " " + (doNotTrack ? "1" : "0") + " " + token(remote) + " "
        + (cookieToken == null ? "-" : token(cookieToken)), null);
    return sid;
  }

  private static String token(String s) {
    return s == null || s.isEmpty() ? "-" : s.replace(' ', '_').replace('\n', '_');
  }

  /** A frame the client sent, already checked here (JSON object, flood guard, known command). */
  public void frame(long sid, String json) {
    if (sockets.containsKey(sid)) {
      publish('F', Long.toString(sid), json);
    }
  }

  public void closed(long sid) {
    if (sockets.remove(sid) != null) {
      publish('X', Long.toString(sid), null);
    }
  }

  private synchronized void publish(char kind, String rest, String body) {
    out++;
    redis.publish(leaderChannel, Wire.message(kind, node, out, rest, body));
  }

  /** The leader's messages to this node (a Lettuce thread, in order). */
  private void fromLeader(String message) {
    Wire.Message m = Wire.parse(message);
    Leader l = leader;
    if (m == null || m.fields().length < 2 || l == null) {
      return;
    }
    long epoch;
    long seq;
    try {
      epoch = Long.parseLong(m.fields()[0]);
      seq = Long.parseLong(m.fields()[1]);
    } catch (NumberFormatException e) {
      return;
    }
    if (epoch != l.epoch()) {
      return;
    }
    if (expect >= 0 && seq != expect) {
      log.warn("event=cluster.gap from=leader expected={} got={} sockets={} note=\"messages were lost: its sockets"
          + " reconnect\"", expect, seq, sockets.size());
      expect = seq + 1;
      closeAll("relay_gap");
      return;
    }
    expect = seq + 1;
    switch (m.kind()) {
      case 'F', 'D' -> {
        Socket s = sockets.get(Long.parseLong(m.fields()[2]));
        if (s != null && m.body() != null) {
          s.deliver(m.body(), m.kind() == 'D');
        }
      }
      case 'C' -> {
        String[] f = m.fields();
        Socket s = sockets.get(Long.parseLong(f[2]));
        if (s != null) {
          String reason = f.length > 4 ? String.join(" ", List.of(f).subList(4, f.length)) : "";
          s.closeWith(Integer.parseInt(f[3]), reason);
        }
      }
      case 'R' -> {
        // The leader forgot this member's sockets and numbers anew from here.
        expect = -1;
        closeAll("leader_reset");
      }
      default -> { }
    }
  }

  /** {@code L epoch 0 node address}: who leads (every second). */
  private void announced(String message) {
    Wire.Message m = Wire.parse(message);
    if (m == null || m.kind() != 'L' || m.fields().length < 4) {
      return;
    }
    long epoch;
    try {
      epoch = Long.parseLong(m.fields()[0]);
    } catch (NumberFormatException e) {
      return;
    }
    Leader l = leader;
    if (l != null && epoch < l.epoch()) {
      return;
    }
    lastAnnounce = System.nanoTime();
    if (l == null || epoch != l.epoch()) {
      leader = new Leader(epoch, m.fields()[2], m.fields()[3]);
      expect = -1;
      log.info("event=cluster.leader node={} epoch={} address={} sockets={}", m.fields()[2], epoch, m.fields()[3],
          sockets.size());
      if (l != null) {
        closeAll("leader_changed");
      }
    }
  }

  /** Every second: a numbered beat to the leader, and the end of a silent leader. */
  private void tick() {
    Leader l = leader;
    if (l == null) {
      return;
    }
    if (System.nanoTime() - lastAnnounce > TimeUnit.MILLISECONDS.toNanos(LEADER_TIMEOUT_MS)) {
      leader = null;
      log.warn("event=cluster.leader_lost node={} epoch={} sockets={}", l.node(), l.epoch(), sockets.size());
      closeAll("leader_lost");
      return;
    }
    publish('B', "", null);
  }

  /** Closes every socket here with 1012 (service restart): their clients reconnect at once. */
  private void closeAll(String reason) {
    for (Map.Entry<Long, Socket> e : sockets.entrySet()) {
      if (sockets.remove(e.getKey()) != null) {
        e.getValue().closeWith(1012, reason);
      }
    }
  }

  // ---- the JSON API ----

  /**
   * Forwards an API request to the leader and returns its answer; blocks (run on the API pool).
   * {@code remote} is the client as this edge determined it (behind trusted proxies).
   */
  public ApiResponse forward(String method, String uri, Map<String, String> headers, byte[] body, String remote,
      boolean secure) {
    Leader l = leader;
    if (l == null) {
      return unavailable("the cluster has no leader at the moment; retry in a few seconds");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + l.address() + uri))
        .timeout(Duration.ofSeconds(60))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((k, v) -> {
      if (!HOP_BY_HOP.contains(k)) {
        b.header(k, v);
      }
    });
    b.header("X-Forwarded-For", remote);
    if (secure) {
      b.header("X-Forwarded-Proto", "https");
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> back = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> {
        if (!NOT_PASSED_BACK.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
          back.put(k, String.join(", ", v));
        }
      });
      String type = r.headers().firstValue("content-type").orElse("application/octet-stream");
      return new ApiResponse(r.statusCode(), null, r.body(), type, back);
    } catch (IOException e) {
      log.warn("event=cluster.forward_failed leader={} path={} reason={}", l.address(), uri.split("\\?")[0], e.toString());
      return unavailable("the cluster's leader did not answer; retry");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    }
  }

  private static ApiResponse unavailable(String message) {
    return new ApiResponse(503, Map.of("error", Map.of("code", ErrorCode.UNAVAILABLE.wire(), "message", message)), null,
        null, Map.of("Retry-After", "2"));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    http.close();
  }
}
