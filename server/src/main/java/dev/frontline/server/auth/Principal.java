package dev.frontline.server.auth;

import java.util.Set;

/** A logged-in user. */
public record Principal(long userId, String username, String displayName, Set<Role> roles) {
  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Supervisors and admins see every conversation and may supervise. */
  public boolean supervises() {
    return roles.contains(Role.SUPERVISOR) || roles.contains(Role.ADMIN);
  }

  /** May use the agent console socket. */
  public boolean mayServe() {
    return roles.contains(Role.AGENT) || supervises();
  }
}
