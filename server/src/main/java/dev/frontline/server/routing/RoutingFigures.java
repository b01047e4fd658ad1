package dev.frontline.server.routing;

import java.util.Map;

/**
 * Routing's figures at one moment, answered by the dispatcher's thread.
 *
 * @param queued visitors waiting, by group (every group that ever had a queue, zeros included)
 * @param agentsByPresence agents known to routing by presence: {@code online}, {@code away},
 *     {@code offline}, and {@code grace} (connection lost, chats kept for the grace period)
 */
public record RoutingFigures(Map<String, Integer> queued, Map<String, Integer> agentsByPresence) {
  public RoutingFigures {
    queued = Map.copyOf(queued);
    agentsByPresence = Map.copyOf(agentsByPresence);
  }
}
