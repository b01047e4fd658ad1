package dev.frontline.server.api;

import dev.frontline.server.auth.AuthService;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API: routes, authentication, roles, and the one place where failures become the
 * contract's error envelope. Runs on the API worker pool (handlers may block).
 */
public final class Api {
  private static final Logger log = LoggerFactory.getLogger(Api.class);

  private final Router router;
  private final AuthService auth;

  public Api(Router router, AuthService auth) {
    this.router = router;
    this.auth = auth;
  }

  /**
   * The raw request as the transport read it.
   *
   * @param remote the client's address (behind a trusted proxy, the proxy's client)
   * @param secure whether the client reached us over TLS
   */
  public record Incoming(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
      byte[] body, String bearer, String cookieToken, String remote, boolean secure) {}

  /** Whether a path belongs to the API (the transport sends everything else to static files). */
  public static boolean handles(String path) {
    return path.equals("/api") || path.startsWith("/api/");
  }

  /**
   * Paths the widget calls from a host site's page with the visitor token in a header (never a
   * cookie): uploads and file downloads. They answer CORS preflights and carry
   * {@code Access-Control-Allow-Origin: *} on every answer, errors included, so that the widget
   * can read them.
   */
  static boolean visitorCors(String path) {
    return path.startsWith("/api/files/") || (path.startsWith("/api/conversations/") && path.endsWith("/files"));
  }

  public ApiResponse handle(Incoming in) {
    if (visitorCors(in.path())) {
      if (in.method().equals("OPTIONS")) {
        return new ApiResponse(204, null, new byte[0], "text/plain", Map.of())
            .withHeader("Access-Control-Allow-Origin", "*")
            .withHeader("Access-Control-Allow-Methods", "GET, POST")
            .withHeader("Access-Control-Allow-Headers", "X-Visitor-Token, X-File-Name, Content-Type")
            .withHeader("Access-Control-Max-Age", "600");
      }
      return handleRoute(in).withHeader("Access-Control-Allow-Origin", "*");
    }
    ApiResponse r = handleRoute(in);
    // Public widget APIs answer any origin, errors included, so that a host page can read them.
    if (r.status() >= 400 && (in.path().startsWith("/api/kb/") || in.path().startsWith("/api/bot/"))) {
      r = r.withHeader("Access-Control-Allow-Origin", "*");
    }
    return r;
  }

  private ApiResponse handleRoute(Incoming in) {
    try {
      return route(in);
    } catch (ApiException e) {
      return error(e.code(), e.getMessage());
    } catch (SQLException e) {
      String incident = incident();
      log.error("event=api.db_error incident={} method={} path={} reason={}", incident, in.method(), in.path(), e.getMessage());
      return error(ErrorCode.UNAVAILABLE, "the database failed (incident " + incident + ")");
    } catch (Exception e) {
      if (e.getCause() instanceof ApiException ae) {
        return error(ae.code(), ae.getMessage());
      }
      String incident = incident();
      log.error("event=api.internal_error incident={} method={} path={}", incident, in.method(), in.path(), e);
      return error(ErrorCode.INTERNAL, "internal error (incident " + incident + ")");
    }
  }

  private ApiResponse route(Incoming in) throws Exception {
    Router.Match m = router.match(in.method(), in.path());
    if (m == null) {
      throw ApiException.notFound("no API at " + in.path());
    }
    if (m.methodMismatch()) {
      throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, in.method() + " is not allowed on " + in.path());
    }
    Router.Route r = m.route();
    if (in.bearer() == null && in.cookieToken() != null && unsafe(in.method()) && !sameOrigin(in.headers())) {
      // The session cookie authorises state changes from our own pages only: on every route, open
      // ones too (logout, uploads), whatever the route then does with it.
      throw ApiException.forbidden("cross-site request refused");
    }
    String token = in.bearer() != null ? in.bearer() : in.cookieToken();
    Principal principal = null;
    if (r.login()) {
      if (token == null) {
        throw new ApiException(ErrorCode.UNAUTHORIZED, "log in first (Authorization: Bearer <token>)");
      }
      principal = auth.authenticate(token);
      if (principal == null) {
        throw new ApiException(ErrorCode.UNAUTHORIZED, "the session is unknown or has expired; log in again");
      }
      if (!r.roles().isEmpty() && r.roles().stream().noneMatch(principal::has)) {
        throw ApiException.forbidden("this needs the role " + String.join(" or ",
            r.roles().stream().map(Role::wire).sorted().toList()));
      }
    }
    return r.handler().handle(new ApiRequest(in.method(), in.path(), m.params(), in.query(), in.headers(),
        in.body(), principal, token, in.remote(), in.secure()));
  }

  private static boolean unsafe(String method) {
    return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
  }

  /**
   * Cookie-authenticated writes must come from our own pages: Origin (when sent) must match Host;
   * without an Origin, a browser's {@code Sec-Fetch-Site} (when sent) must not say cross-site.
   */
  static boolean sameOrigin(Map<String, String> headers) {
    String origin = headers.get("origin");
    if (origin == null) {
      String site = headers.get("sec-fetch-site");
      return site == null || site.equals("same-origin") || site.equals("none");
    }
    String host = headers.get("host");
    if (host == null) {
      return false;
    }
    int scheme = origin.indexOf("://");
    return scheme > 0 && origin.substring(scheme + 3).equals(host);
  }

  public static ApiResponse error(ErrorCode code, String message) {
    return new ApiResponse(code.status(), Map.of("error", Map.of("code", code.wire(), "message", message)), null, null,
        Map.of());
  }

  private static String incident() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
