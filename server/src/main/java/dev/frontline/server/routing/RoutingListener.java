package dev.frontline.server.routing;

/**
 * How the dispatcher tells conversation owners what it decided. Implementations hop to the
 * conversation's own thread; the dispatcher never waits for them.
 */
public interface RoutingListener {

  /** No agent of a fitting group is online: the conversation stays with the bot. */
  void noAgent(String conversationId, String visitorId, String group, String reason);

  /** The conversation waits at {@code position} (1 = next) in {@code group}'s queue. */
  void queued(String conversationId, String visitorId, String group, int position, Long expectedWaitMs);

  /**
   * The conversation is now {@code agent}'s. If the owner finds it closed, it calls
   * {@link AgentDispatcher#finished}.
   */
  void assign(String conversationId, String visitorId, AgentRef agent, String group, String reason);

  /** The agent lost the conversation (grace period over, transfer, takeover); it was requeued or moved. */
  void revoke(String conversationId, String visitorId, long agentId, String reason);
}
