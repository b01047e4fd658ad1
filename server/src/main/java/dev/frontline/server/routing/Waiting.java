package dev.frontline.server.routing;

/**
 * A conversation waiting in a group's queue. Confined to the dispatcher thread.
 *
 * <p>{@code enqueuedAt} is when it first asked, {@code groupSince} when it joined this group's
 * queue; {@code excluded} an agent who must not get it back (it transferred it away),
 * {@code reason} what the next assignment is ({@code routed} or {@code transfer}). The rest is
 * bookkeeping of {@link GroupQueue} (where it stands) and {@link PositionReporter} (what the
 * visitor was told, and when).
 */
final class Waiting {
  final String conversationId;
  final String visitorId;
  final long enqueuedAt;
  final Long excluded;
  final String reason;
  String group;
  long groupSince;

  /** The queue it stands in and its slot there; null and -1 once it left. */
  GroupQueue queue;
  int slot = -1;

  /** Last position told to the visitor (0: none yet). */
  int sentPosition;
  /** End of the current update window (0: no window open, the next change is sent at once). */
  long windowEnd;
  /** The queue's {@link GroupQueue#moves} when the position was last computed; -1 forces a recomputation. */
  long seenMoves = -1;

  Waiting(String conversationId, String visitorId, String group, long enqueuedAt, long groupSince, Long excluded,
      String reason) {
    this.conversationId = conversationId;
    this.visitorId = visitorId;
    this.group = group;
    this.enqueuedAt = enqueuedAt;
    this.groupSince = groupSince;
    this.excluded = excluded;
    this.reason = reason;
  }

  Waiting(String conversationId, String visitorId, String group, long enqueuedAt) {
    this(conversationId, visitorId, group, enqueuedAt, enqueuedAt, null, "routed");
  }

  boolean isQueued() {
    return queue != null;
  }
}
