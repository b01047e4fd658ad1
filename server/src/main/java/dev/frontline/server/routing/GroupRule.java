package dev.frontline.server.routing;

/**
 * Queue rules of a skill group: after {@code overflowAfterSeconds} in the queue a visitor moves
 * to {@code overflowGroup} (if someone of it is online); after {@code maxWaitSeconds} in all, the
 * visitor gets {@code no_agent} and is offered to leave a message. 0 or null: no such rule.
 */
public record GroupRule(String groupId, String overflowGroup, int overflowAfterSeconds, int maxWaitSeconds) {
  public static GroupRule none(String groupId) {
    return new GroupRule(groupId, null, 0, 0);
  }
}
