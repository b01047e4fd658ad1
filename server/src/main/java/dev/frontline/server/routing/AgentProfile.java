package dev.frontline.server.routing;

import java.util.Objects;
import java.util.Set;

/** What routing needs to know of an agent: skill groups and capacity. */
public record AgentProfile(long id, String name, Set<String> groups, int maxChats, boolean supervisor) {
  public AgentProfile {
    Objects.requireNonNull(name, "name");
    groups = Set.copyOf(groups);
    if (maxChats < 0) {
      throw new IllegalArgumentException("maxChats must be >= 0");
    }
  }

  public AgentRef ref() {
    return new AgentRef(id, name);
  }
}
