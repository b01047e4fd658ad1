package dev.frontline.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What guards the network edge: deadlines for plain HTTP (before any WebSocket upgrade), the cap
 * on connections per client address, which proxies are believed, and the session cookie.
 *
 * @param trustedProxies proxies whose {@code X-Forwarded-For} / {@code X-Forwarded-Proto} are believed
 *     ({@code FRONTLINE_TRUSTED_PROXIES}, default none)
 * @param headTimeout a request head must be complete this long after its first byte
 *     ({@code FRONTLINE_HTTP_HEADER_SECONDS}, default 10)
 * @param bodyGrace a request body may lag behind {@code bodyMinRate} by this much
 *     ({@code FRONTLINE_HTTP_BODY_SECONDS}, default 10)
 * @param bodyMinRate bytes a second a request body must arrive at, on average, after the grace
 *     ({@code FRONTLINE_HTTP_BODY_MIN_RATE}, default 16384)
 * @param idleTimeout a plain HTTP connection waiting for a request (fresh or kept alive) is closed
 *     after this long ({@code FRONTLINE_HTTP_IDLE_SECONDS}, default 60)
 * @param maxConnectionsPerAddress open connections (HTTP and WebSocket) one client address may hold
 *     ({@code FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS}, default 256)
 * @param secureCookie mark the session cookie {@code Secure} on every login, not only on requests
 *     a trusted proxy says came over https ({@code FRONTLINE_SECURE_COOKIE}, default 0)
 * @param sessionTtl how long a login lasts ({@code FRONTLINE_SESSION_SECONDS}, default 12 hours)
 */
public record EdgeConfig(
    TrustedProxies trustedProxies,
    Duration headTimeout,
    Duration bodyGrace,
    int bodyMinRate,
    Duration idleTimeout,
    int maxConnectionsPerAddress,
    boolean secureCookie,
    Duration sessionTtl) {

  public EdgeConfig {
    Objects.requireNonNull(trustedProxies, "trustedProxies");
  }

  public static EdgeConfig defaults() {
    return new EdgeConfig(TrustedProxies.none(), Duration.ofSeconds(10), Duration.ofSeconds(10), 16 * 1024,
        Duration.ofSeconds(60), 256, false, Duration.ofHours(12));
  }

  static EdgeConfig fromEnv(Map<String, String> env, List<String> problems) {
    EdgeConfig d = defaults();
    TrustedProxies proxies = TrustedProxies.parse(env.get("FRONTLINE_TRUSTED_PROXIES"), problems);
    int head = ServerConfig.intValue(env, "FRONTLINE_HTTP_HEADER_SECONDS", (int) d.headTimeout.toSeconds(), 1, 3600,
        problems);
    int grace = ServerConfig.intValue(env, "FRONTLINE_HTTP_BODY_SECONDS", (int) d.bodyGrace.toSeconds(), 1, 3600,
        problems);
    int rate = ServerConfig.intValue(env, "FRONTLINE_HTTP_BODY_MIN_RATE", d.bodyMinRate, 1, 1 << 30, problems);
    int idle = ServerConfig.intValue(env, "FRONTLINE_HTTP_IDLE_SECONDS", (int) d.idleTimeout.toSeconds(), 1, 3600,
        problems);
    int perAddress = ServerConfig.intValue(env, "FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS", d.maxConnectionsPerAddress, 1,
        1_000_000, problems);
    String secure = env.getOrDefault("FRONTLINE_SECURE_COOKIE", "0").trim();
    if (!secure.isEmpty() && !secure.equals("0") && !secure.equals("1")) {
      problems.add("FRONTLINE_SECURE_COOKIE must be 1 or 0, not '" + secure + "'");
    }
    int session = ServerConfig.intValue(env, "FRONTLINE_SESSION_SECONDS", (int) d.sessionTtl.toSeconds(), 1,
        30 * 24 * 3600, problems);
    return new EdgeConfig(proxies, Duration.ofSeconds(head), Duration.ofSeconds(grace), rate, Duration.ofSeconds(idle),
        perAddress, secure.equals("1"), Duration.ofSeconds(session));
  }
}
