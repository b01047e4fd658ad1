package dev.frontline.server.api;

import dev.frontline.server.auth.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Method + path-pattern routing for the JSON API; patterns use {@code {name}} segments. */
public final class Router {

  /** Handles one request; runs on the API worker pool, may block. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
  }

  /**
   * A route.
   *
   * @param roles who may call it: empty means any logged-in user when {@code login} is set
   * @param login whether a logged-in user is required
   */
  public record Route(String method, String[] segments, Set<Role> roles, boolean login, Handler handler) {}

  /** The outcome of matching a request. */
  public record Match(Route route, Map<String, String> params, boolean methodMismatch) {}

  private final List<Route> routes = new ArrayList<>();

  /** A public route (no login). */
  public Router open(String method, String pattern, Handler h) {
    routes.add(new Route(method, split(pattern), Set.of(), false, h));
    return this;
  }

  /** A route for logged-in users having at least one of {@code roles} (any user when none given). */
  public Router secured(String method, String pattern, Handler h, Role... roles) {
    Set<Role> set = roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles);
    routes.add(new Route(method, split(pattern), set, true, h));
    return this;
  }

  public Match match(String method, String path) {
    String[] parts = split(path);
    boolean pathMatched = false;
    for (Route r : routes) {
      Map<String, String> params = params(r.segments(), parts);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Match(r, params, false);
      }
      pathMatched = true;
    }
    return pathMatched ? new Match(null, Map.of(), true) : null;
  }

  private static Map<String, String> params(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> out = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        if (out == null) {
          out = new HashMap<>(2);
        }
        out.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return out == null ? Map.of() : out;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.split("/", -1);
  }
}
