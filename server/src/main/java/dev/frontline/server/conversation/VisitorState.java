package dev.frontline.server.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * A visitor known to this process: its open connections (tabs, devices) and its open
 * conversation. Confined to the visitor's shard thread.
 */
final class VisitorState {
  final String id;
  final List<Peer> peers = new ArrayList<>(1);
  Conversation open;
  /** The last conversation that closed while this visitor was known here, for rating. */
  String lastClosedId;
  boolean lastClosedRated;
  Long lastClosedAgentId;
  /** The agent who served this visitor last (首问负责制), or null. */
  Long lastAgentId;
  String name;
  String pageUrl;
  String pageTitle;
  String channel = "web";
  String lang = "zh";
  /** False under Do-Not-Track or after the visitor opted out: no trajectory beyond the chat. */
  boolean tracking = true;
  String customerId;
  /** As the page passed them in the identity: unverified. */
  java.util.Map<String, String> attrs = java.util.Map.of();
  /** What the host site's server set for the customer ({@link CustomerProfiles}): verified. */
  String verifiedName;
  java.util.Map<String, String> verifiedAttrs = java.util.Map.of();
  int visits = 1;
  int pastChats;
  boolean returning;
  /** Recent page views, newest first (bounded), for proactive rules. */
  final dev.frontline.server.trail.PageHistory pages = new dev.frontline.server.trail.PageHistory(Proactive.MAX_PAGES);
  long pageSince;
  int pageSeq;
  /** Rules fired for this visitor today. */
  final dev.frontline.server.trail.FiredToday fired = new dev.frontline.server.trail.FiredToday();

  VisitorState(String id) {
    this.id = id;
  }

  boolean idle() {
    return peers.isEmpty() && (open == null || !open.persisted);
  }
}
