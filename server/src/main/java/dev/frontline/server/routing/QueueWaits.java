package dev.frontline.server.routing;

/** Told, on the dispatcher's thread, how long each visitor waited in a queue; must not block. */
@FunctionalInterface
public interface QueueWaits {
  QueueWaits NONE = (group, millis, outcome) -> {};

  /**
   * A visitor left {@code group}'s queue after {@code millis}: {@code assigned} to an agent,
   * {@code wait_limit} (the group's limit passed), {@code no_agent} (nobody online any more) or
   * {@code left} (the conversation closed while waiting).
   */
  void waited(String group, long millis, String outcome);
}
