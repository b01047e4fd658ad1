package dev.frontline.server.conversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live state of one open conversation. Confined to its owner thread (the shard of its
 * visitor): nothing here is synchronised, and nothing outside {@link ConversationService} and
 * its helpers touches it.
 */
final class Conversation {
  final String id;
  final String visitorId;
  final String channel;
  final long createdAt;

  State state = State.BOT;
  String groupId;
  Long agentId;
  String agentName;
  String menuId;
  String lang = "zh";

  /** False until the first write: idle page views never touch the database. */
  boolean persisted;
  /** Highest seq handed out. */
  int lastSeq;
  /** Durable messages, in seq order. */
  final List<ChatMessage> messages = new ArrayList<>(4);

  /** dedupe key (see {@link #dedupeKey}) -> seq, for every message sent with a client id. */
  private Map<String, Integer> clientSeqs;
  /** Duplicates that arrived while the original was not yet durable: key -> peers to ack. */
  private Map<String, List<Peer>> ackWaiters;

  int consecutiveMisses;
  final ArrayDeque<BotTurns.Question> botQuestions = new ArrayDeque<>(0);
  boolean botBusy;
  boolean handoffPending;
  /** When routing last said nobody can take this conversation (no_agent), epoch ms; 0: never. */
  long noAgentAt;
  /** Last queue position told to the visitor; 0 when not queued. */
  int queuePosition;
  /** Last expected wait told to the visitor, or null. */
  Long expectedWaitMs;
  /** The transferring agent's note, handed to the next agent with the conversation. */
  String transferNote;

  long handoffAt;
  String handoffReason;
  long queuedAt;
  long assignedAt;
  long firstResponseAt;
  /** A visitor message is stored (figures: first_visitor_at is written once). */
  boolean visitorSpoke;
  long lastVisitorActivity;
  /** Who spoke last (visitor or agent), for the inactivity rule; null before anyone. */
  Sender lastSpeaker;
  long lastSpokeAt;
  long inactivityWarnedAt;

  /** Typing preview coalescing. */
  String pendingDraft;
  long lastDraftSentAt;
  boolean draftFlushScheduled;

  /** Supervisors watching (section 7). */
  Set<Peer> watchers;

  Conversation(String id, String visitorId, String channel, long createdAt) {
    this.id = id;
    this.visitorId = visitorId;
    this.channel = channel;
    this.createdAt = createdAt;
    this.lastVisitorActivity = createdAt;
  }

  static String dedupeKey(Sender from, Long authorId, String clientId) {
    return from == Sender.AGENT ? "a" + authorId + ":" + clientId : from.wire().charAt(0) + ":" + clientId;
  }

  Integer seqForClient(String key) {
    return clientSeqs == null ? null : clientSeqs.get(key);
  }

  void rememberClient(String key, int seq) {
    if (clientSeqs == null) {
      clientSeqs = new HashMap<>();
    }
    clientSeqs.put(key, seq);
  }

  void forgetClient(String key) {
    if (clientSeqs != null) {
      clientSeqs.remove(key);
    }
  }

  int durableSeq() {
    return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
  }

  void addAckWaiter(String key, Peer peer) {
    if (ackWaiters == null) {
      ackWaiters = new HashMap<>();
    }
    ackWaiters.computeIfAbsent(key, k -> new ArrayList<>(1)).add(peer);
  }

  List<Peer> takeAckWaiters(String key) {
    if (ackWaiters == null) {
      return List.of();
    }
    List<Peer> peers = ackWaiters.remove(key);
    return peers == null ? List.of() : peers;
  }

  void watch(Peer peer) {
    if (watchers == null) {
      watchers = new LinkedHashSet<>();
    }
    watchers.add(peer);
  }

  void unwatch(Peer peer) {
    if (watchers != null) {
      watchers.remove(peer);
    }
  }

  boolean isOpen() {
    return state != State.CLOSED;
  }
}
