package dev.frontline.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server reads from its environment, checked once at start-up. Built from a map
 * so that tests pass their own; nothing else reads {@code System.getenv}.
 *
 * @param port HTTP and WebSocket port; 0 picks a free one
 * @param dataDir where the embedded database, uploads and exports live
 * @param adminPassword password of the bootstrap {@code admin}; null: generate and print one
 * @param demo seed demo groups, agents and FAQ into an empty data directory
 * @param dbUrl JDBC URL of an external PostgreSQL, or null for the embedded database
 * @param dbUser PostgreSQL user, or null
 * @param dbPassword PostgreSQL password, or null
 * @param redisUrl Redis URL to join a cluster (only with {@code dbUrl}), or null
 * @param cluster cluster name: prefix of every Redis key and channel
 * @param siteSecret HMAC key host sites sign visitor identities with, or null
 * @param limits protocol and resource limits
 * @param botDense the bot fuses a small embedding model with BM25 ({@code FRONTLINE_BOT_DENSE},
 *     default 1); 0 runs BM25 alone (less memory and CPU, lower accuracy)
 * @param metricsToken a bearer token that may read {@code /metrics} besides admins
 *     ({@code FRONTLINE_METRICS_TOKEN}), or null
 * @param edge deadlines, connection caps, trusted proxies and the session cookie at the network edge
 * @param advertiseHost in a cluster, the host other members reach this process's internal port
 *     at ({@code FRONTLINE_ADVERTISE_HOST}, default 127.0.0.1)
 * @param internalPort in a cluster, the leader's internal port for the API its members forward
 *     ({@code FRONTLINE_INTERNAL_PORT}, default 0: a free one, announced over Redis)
 * @param clusterPeers addresses of the other members, trusted on the internal port to name the
 *     client ({@code FRONTLINE_CLUSTER_PEERS}, CIDRs; loopback always)
 */
public record ServerConfig(
    int port,
    Path dataDir,
    String adminPassword,
    boolean demo,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String redisUrl,
    String cluster,
    String siteSecret,
    Limits limits,
    boolean botDense,
    String metricsToken,
    EdgeConfig edge,
    String advertiseHost,
    int internalPort,
    TrustedProxies clusterPeers) {

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(edge, "edge");
  }

  /** A member of a cluster: PostgreSQL and Redis (CONTRACT section 10). */
  public boolean clustered() {
    return redisUrl != null && dbUrl != null;
  }

  /**
   * The configuration of the conversations' process inside a cluster's leader: its port is the
   * internal one, it has no Redis link of its own (the member's is handed to it), and it takes
   * the client's address from the members that forward to it.
   */
  public ServerConfig forLeader() {
    EdgeConfig e = new EdgeConfig(clusterPeers, edge.headTimeout(), edge.bodyGrace(), edge.bodyMinRate(),
        edge.idleTimeout(), Integer.MAX_VALUE, edge.secureCookie(), edge.sessionTtl());
    return new ServerConfig(internalPort, dataDir, adminPassword, demo, dbUrl, dbUser, dbPassword, null, cluster,
        siteSecret, limits, botDense, metricsToken, e, advertiseHost, internalPort, clusterPeers);
  }

  /** True when the embedded database is used (no {@code FRONTLINE_DB_URL}). */
  public boolean embeddedDatabase() {
    return dbUrl == null;
  }

  /** Reads the configuration from {@code env}; throws with every problem listed when invalid. */
  public static ServerConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    int port = intValue(env, "FRONTLINE_PORT", 8080, 0, 65535, problems);
    Path data = Path.of(stringValue(env, "FRONTLINE_DATA", "./data")).toAbsolutePath().normalize();
    String demoValue = stringValue(env, "FRONTLINE_DEMO", "1").trim();
    boolean demo = switch (demoValue.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes" -> true;
      case "0", "false", "no" -> false;
      default -> {
        problems.add("FRONTLINE_DEMO must be 1 or 0, not '" + demoValue + "'");
        yield true;
      }
    };
    String dbUrl = blankToNull(env.get("FRONTLINE_DB_URL"));
    String dbUser = blankToNull(env.get("FRONTLINE_DB_USER"));
    String dbPassword = env.get("FRONTLINE_DB_PASSWORD");
    if (dbUrl != null) {
      dbUrl = jdbcUrl(dbUrl, problems);
    }
    String redis = blankToNull(env.get("FRONTLINE_REDIS_URL"));
    if (redis != null && !(redis.startsWith("redis://") || redis.startsWith("rediss://"))) {
      problems.add("FRONTLINE_REDIS_URL must start with redis:// or rediss://");
    }
    if (redis != null && dbUrl == null) {
      problems.add("FRONTLINE_REDIS_URL needs FRONTLINE_DB_URL (PostgreSQL): the embedded database serves one"
          + " process only; set FRONTLINE_DB_URL to run a cluster, or unset FRONTLINE_REDIS_URL to run one process");
    }
    String cluster = stringValue(env, "FRONTLINE_CLUSTER", "frontline").trim();
    if (!cluster.matches("[A-Za-z0-9_.-]{1,64}")) {
      problems.add("FRONTLINE_CLUSTER must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String admin = env.get("FRONTLINE_ADMIN_PASSWORD");
    if (admin != null && !admin.isEmpty() && admin.length() < 8) {
      problems.add("FRONTLINE_ADMIN_PASSWORD must have at least 8 characters");
    }
    Limits limits = Limits.fromEnv(env, problems);
    String denseValue = stringValue(env, "FRONTLINE_BOT_DENSE", "1").trim();
    boolean dense = !denseValue.equals("0") && !denseValue.equalsIgnoreCase("false");
    String metricsToken = blankToNull(env.get("FRONTLINE_METRICS_TOKEN"));
    if (metricsToken != null && metricsToken.length() < 16) {
      problems.add("FRONTLINE_METRICS_TOKEN must have at least 16 characters");
    }
    EdgeConfig edge = EdgeConfig.fromEnv(env, problems);
    String advertise = stringValue(env, "FRONTLINE_ADVERTISE_HOST", "127.0.0.1").trim();
    if (!advertise.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) {
      problems.add("FRONTLINE_ADVERTISE_HOST must be a host name or address");
    }
    int internalPort = intValue(env, "FRONTLINE_INTERNAL_PORT", 0, 0, 65535, problems);
    String peerList = env.getOrDefault("FRONTLINE_CLUSTER_PEERS", "").trim();
    TrustedProxies peers = TrustedProxies.parse("127.0.0.0/8,::1" + (peerList.isEmpty() ? "" : "," + peerList),
        problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
    return new ServerConfig(
        port,
        data,
        blankToNull(admin),
        demo,
        dbUrl,
        dbUser,
        dbPassword,
        redis,
        cluster,
        blankToNull(env.get("FRONTLINE_SITE_SECRET")),
        limits,
        dense,
        metricsToken,
        edge,
        advertise,
        internalPort,
        peers);
  }

  /**
   * Accepts a JDBC URL or a {@code postgres://user:pass@host:port/db} URL and returns the JDBC
   * form.
   */
  static String jdbcUrl(String raw, List<String> problems) {
    if (raw.startsWith("jdbc:postgresql:")) {
      return raw;
    }
    if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
      try {
        URI uri = URI.create(raw);
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int p = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + host + ":" + p + uri.getRawPath() + query;
      } catch (IllegalArgumentException e) {
        problems.add("FRONTLINE_DB_URL is not a valid URL: " + e.getMessage());
        return raw;
      }
    }
    problems.add("FRONTLINE_DB_URL must be a jdbc:postgresql:// or postgres:// URL");
    return raw;
  }

  private static String stringValue(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static int intValue(
      Map<String, String> env, String name, int fallback, int min, int max, List<String> problems) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        problems.add(name + " must be between " + min + " and " + max + ", not " + n);
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a number, not '" + v + "'");
      return fallback;
    }
  }

  /**
   * Protocol and resource limits. Defaults suit production; tests shorten the timers.
   *
   * @param maxFrameBytes WebSocket frames above this close the connection (after an error frame)
   * @param maxTextChars longest chat message; longer is an error, the connection stays
   * @param maxRequestBytes largest HTTP request body (imports included)
   * @param pingInterval server ping after this much silence from a client
   * @param idleTimeout close a socket that sent nothing (not even a pong) for this long
   * @param helloTimeout close a visitor socket that sent no hello, or an agent socket no auth
   * @param agentGrace an agent who lost every connection keeps the chats this long
   * @param typingInterval at most one typing preview per conversation per interval
   * @param eventsQueue trail events waiting for the database at most ({@code FRONTLINE_EVENTS_QUEUE}); more are
   *     refused, counted and answered {@code overloaded}
   * @param queueUpdateInterval a waiting visitor gets at most one queue position update per
   *     interval: a change at once when none was sent in the last interval, else the latest at
   *     its end; zero sends every change at once
   * @param checkpointInterval the embedded database copies its WAL into its file this often
   *     ({@code FRONTLINE_DB_CHECKPOINT_MS}, default 1000), in the background
   * @param botThreads threads answering visitors' questions ({@code FRONTLINE_BOT_THREADS}, default one fewer
   *     than the cores, at least one): the other cores stay with the event loops, shards and journals
   * @param botWaitBudget a question that would wait longer than this for a bot thread, at the measured time
   *     per answer, is not queued: the visitor is told at once ({@code FRONTLINE_BOT_WAIT_MS}, default 100)
   * @param botNice the bot threads' Linux nice value ({@code FRONTLINE_BOT_NICE}, 0-19, default 10; 0: unchanged)
   */
  public record Limits(
      int maxFrameBytes,
      int maxTextChars,
      int maxRequestBytes,
      Duration pingInterval,
      Duration idleTimeout,
      Duration helloTimeout,
      Duration agentGrace,
      Duration typingInterval,
      int eventsQueue,
      Duration queueUpdateInterval,
      Duration checkpointInterval,
      int botThreads,
      Duration botWaitBudget,
      int botNice) {

    public static Limits defaults() {
      return new Limits(
          64 * 1024,
          4000,
          16 * 1024 * 1024,
          Duration.ofSeconds(30),
          Duration.ofSeconds(75),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofMillis(250),
          200_000,
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
          Duration.ofMillis(100),
          10);
    }

    static Limits fromEnv(Map<String, String> env, List<String> problems) {
      Limits d = defaults();
      int grace = intValue(env, "FRONTLINE_AGENT_GRACE_SECONDS", (int) d.agentGrace.toSeconds(), 0, 3600, problems);
      int ping = intValue(env, "FRONTLINE_PING_SECONDS", (int) d.pingInterval.toSeconds(), 1, 3600, problems);
      int idle = intValue(env, "FRONTLINE_IDLE_SECONDS", (int) d.idleTimeout.toSeconds(), 2, 7200, problems);
      int events = intValue(env, "FRONTLINE_EVENTS_QUEUE", d.eventsQueue, 1, 10_000_000, problems);
      int queueUpdate = intValue(env, "FRONTLINE_QUEUE_UPDATE_MS", (int) d.queueUpdateInterval.toMillis(), 0, 60_000,
          problems);
      int checkpoint = intValue(env, "FRONTLINE_DB_CHECKPOINT_MS", (int) d.checkpointInterval.toMillis(), 1, 600_000,
          problems);
      int botThreads = intValue(env, "FRONTLINE_BOT_THREADS", d.botThreads, 1, 64, problems);
      int botWait = intValue(env, "FRONTLINE_BOT_WAIT_MS", (int) d.botWaitBudget.toMillis(), 0, 60_000, problems);
      int botNice = intValue(env, "FRONTLINE_BOT_NICE", d.botNice, 0, 19, problems);
      return new Limits(
          d.maxFrameBytes,
          d.maxTextChars,
          d.maxRequestBytes,
          Duration.ofSeconds(ping),
          Duration.ofSeconds(Math.max(idle, ping + 1)),
          d.helloTimeout,
          Duration.ofSeconds(grace),
          d.typingInterval,
          events,
          Duration.ofMillis(queueUpdate),
          Duration.ofMillis(checkpoint),
          botThreads,
          Duration.ofMillis(botWait),
          botNice);
    }
  }
}
