package dev.frontline.server.metrics;

import dev.frontline.server.api.Api;
import dev.frontline.server.api.ApiResponse;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.routing.AgentDispatcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the Prometheus text format, for the bearer of {@code FRONTLINE_METRICS_TOKEN}
 * or of an admin's session. Runs on the API pool (it may wait for the dispatcher's figures and
 * look a session up in the database), never on an event loop.
 */
public final class MetricsEndpoint {
  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
  /** The content type of the Prometheus text exposition format 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerMetrics metrics;
  private final AuthService auth;
  private final AgentDispatcher dispatcher;
  private final byte[] token;

  /** {@code token}: {@code FRONTLINE_METRICS_TOKEN}, or null when only admins may read. */
  public MetricsEndpoint(ServerMetrics metrics, AuthService auth, AgentDispatcher dispatcher, String token) {
    this.metrics = metrics;
    this.auth = auth;
    this.dispatcher = dispatcher;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Answers a scrape; {@code bearer} is the request's bearer token or null. May block. */
  public ApiResponse handle(String method, String bearer) {
    if (!method.equals("GET")) {
      return Api.error(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on /metrics");
    }
    if (bearer == null || bearer.isEmpty()) {
      return Api.error(ErrorCode.UNAUTHORIZED, "/metrics needs Authorization: Bearer <metrics token or admin session>")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    if (!metricsToken(bearer)) {
      Principal p;
      try {
        p = auth.authenticate(bearer);
      } catch (ApiException e) {
        return Api.error(e.code(), e.getMessage());
      }
      if (p == null) {
        return Api.error(ErrorCode.UNAUTHORIZED, "unknown token").withHeader("WWW-Authenticate", "Bearer");
      }
      if (!p.has(Role.ADMIN)) {
        return Api.error(ErrorCode.FORBIDDEN, "/metrics needs the metrics token or the role admin");
      }
    }
    refreshRouting();
    return ApiResponse.raw(200, metrics.scrape().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
  }

  private boolean metricsToken(String bearer) {
    return token != null && MessageDigest.isEqual(token, bearer.getBytes(StandardCharsets.UTF_8));
  }

  /** Asks the dispatcher's thread for queue lengths and presence; a busy dispatcher leaves the last figures. */
  private void refreshRouting() {
    try {
      metrics.routing(dispatcher.figures().get(2, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("event=metrics.routing_stale reason={}", e.toString());
    }
  }
}
