package dev.frontline.server.agent;

import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.routing.AgentProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An account: agent, supervisor, editor or admin. */
public record User(long id, String username, String displayName, Set<Role> roles, Set<String> groups, int maxChats,
    boolean disabled) {
  public User {
    roles = Set.copyOf(roles);
    groups = Set.copyOf(groups);
  }

  public Principal principal() {
    return new Principal(id, username, displayName, roles);
  }

  public AgentProfile profile() {
    return new AgentProfile(id, displayName, groups, maxChats, roles.contains(Role.SUPERVISOR) || roles.contains(Role.ADMIN));
  }

  /** As the API shows it (never the password hash). */
  public Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("username", username);
    m.put("displayName", displayName);
    m.put("roles", roles.stream().map(Role::wire).sorted().toList());
    m.put("groups", groups.stream().sorted().toList());
    m.put("maxChats", maxChats);
    m.put("disabled", disabled);
    return m;
  }

  /** The user object of the login answer (CONTRACT section 2). */
  public Map<String, Object> loginView() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("username", username);
    m.put("displayName", displayName);
    m.put("roles", roles.stream().map(Role::wire).sorted().toList());
    return m;
  }

  static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
