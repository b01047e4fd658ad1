package dev.frontline.server.routing;

/**
 * Told on the dispatcher thread, after every dispatcher task, each known agent's presence; and
 * once a second the time, so that it can write down time that passes without a change.
 */
public interface PresenceObserver {
  PresenceObserver NONE = new PresenceObserver() {
    @Override
    public void presence(long agentId, boolean online, boolean busy, long now) {}

    @Override
    public void tick(long now) {}
  };

  /**
   * @param online the agent is connected, enabled and in status online
   * @param busy the agent holds at least one chat
   */
  void presence(long agentId, boolean online, boolean busy, long now);

  void tick(long now);
}
