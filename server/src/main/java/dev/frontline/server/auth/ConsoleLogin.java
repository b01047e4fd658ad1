package dev.frontline.server.auth;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's login check, the same for a socket on this process and one relayed from another
 * process of the cluster: the token's session must be live and its user may serve chats.
 */
public final class ConsoleLogin {

  /** Who the token is and the session it belongs to. */
  public record Authenticated(User user, AuthService.Session session) {}

  private ConsoleLogin() {}

  /** Blocks (database): run on the API pool. Throws {@link ApiException} when refused. */
  public static Authenticated check(AuthService auth, Directory directory, String token) {
    AuthService.Session s = auth.session(token);
    if (s == null) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "unknown or expired token");
    }
    Principal p = s.principal();
    if (!p.mayServe()) {
      throw ApiException.forbidden("the agent console needs the role agent, supervisor or admin");
    }
    try {
      User u = directory.byId(p.userId());
      if (u == null) {
        throw new ApiException(ErrorCode.UNAUTHORIZED, "unknown user");
      }
      return new Authenticated(u, s);
    } catch (java.sql.SQLException e) {
      throw new ApiException(ErrorCode.UNAVAILABLE, "the database is not reachable");
    }
  }

  /** The {@code ready} frame that tells the console who it is. */
  public static ServerFrame.Ready ready(User u) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("id", u.id());
    agent.put("name", u.displayName());
    agent.put("username", u.username());
    agent.put("groups", u.groups().stream().sorted().toList());
    agent.put("maxChats", u.maxChats());
    agent.put("roles", u.roles().stream().map(Role::wire).sorted().toList());
    return new ServerFrame.Ready(agent);
  }
}
