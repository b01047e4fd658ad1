package dev.frontline.server.api;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.LiveAccess;
import java.sql.SQLException;
import java.util.Map;

/**
 * Who may read what, one rule for every API: a conversation (and so its files) and a visitor's
 * profile and trail. Live facts come from the conversation's owner ({@link LiveAccess}), stored
 * ones from the database; nothing here reads a conversation's fields across threads.
 */
final class ReadAccess {
  private final LiveAccess live;
  private final ConversationReader reader;
  private final Directory directory;

  ReadAccess(LiveAccess live, ConversationReader reader, Directory directory) {
    this.live = live;
    this.reader = reader;
    this.directory = directory;
  }

  /** The facts of one conversation a decision needs. */
  record Facts(String visitorId, String state, String group, Long agentId) {}

  /**
   * The conversation's facts: its owner's now when it is open in this process, else those of the
   * stored {@code view} (a map as {@link ConversationReader#read} gives, may be null); null when neither.
   */
  Facts facts(String conversationId, Map<String, Object> view) {
    LiveAccess.Live l = live.conversationNow(conversationId);
    if (l != null) {
      return new Facts(l.visitorId(), l.state(), l.group(), l.agentId());
    }
    if (view == null) {
      return null;
    }
    Long agent = view.get("agentId") instanceof Number n ? n.longValue() : null;
    return new Facts((String) view.get("visitorId"), (String) view.get("state"), (String) view.get("group"), agent);
  }

  /**
   * Whether a user may read the conversation: supervisors and admins always; an agent when it is
   * the conversation's agent, when it serves the conversation's visitor now (its past ones), or
   * when the conversation waits in one of its groups. Having served the visitor once is not enough.
   */
  boolean conversation(Principal p, Facts f) throws SQLException {
    if (p.supervises()) {
      return true;
    }
    if (f.agentId() != null && f.agentId() == p.userId()) {
      return true;
    }
    if (live.servesNow(p.userId(), f.visitorId())) {
      return true;
    }
    if ("queued".equals(f.state())) {
      User u = directory.byId(p.userId());
      return u != null && u.groups().contains(f.group());
    }
    return false;
  }

  /** Whether a user may read a visitor's profile and trail: it serves the visitor now or did before. */
  boolean visitor(Principal p, String visitorId) throws SQLException {
    return p.supervises() || live.servesNow(p.userId(), visitorId) || reader.served(p.userId(), visitorId);
  }
}
