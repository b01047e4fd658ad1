package dev.frontline.server.conversation;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the open conversations after a start (clean or after SIGKILL): their messages,
 * client ids for de-duplication, and their places in the queues and with agents. Runs before
 * the server accepts connections.
 */
public final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  public static int run(ConversationService s, Directory directory) throws SQLException {
    List<ConversationStore.Row> rows = s.store.openConversations();
    List<String> ids = rows.stream().map(ConversationStore.Row::id).toList();
    Map<String, List<ChatMessage>> messages = s.store.messages(ids);
    Map<Long, User> users = new HashMap<>();
    List<ConversationStore.Row> queued = new ArrayList<>();
    for (ConversationStore.Row row : rows) {
      Conversation c = rebuild(row, messages.getOrDefault(row.id(), List.of()));
      VisitorState vs = s.visitorsById.computeIfAbsent(c.visitorId, VisitorState::new);
      vs.open = c;
      vs.channel = c.channel;
      s.open.put(c.id, c);
      switch (c.state) {
        case QUEUED -> queued.add(row);
        case ASSIGNED -> {
          User u = users.computeIfAbsent(row.agentId(), id -> load(directory, id));
          if (u == null) {
            c.state = State.QUEUED;
            c.agentId = null;
            queued.add(row);
          } else {
            c.agentName = u.displayName();
            s.dispatcher.restoreAssigned(c.id, c.visitorId, c.groupId == null ? ConversationService.DEFAULT_GROUP
                : c.groupId, c.queuedAt == 0 ? c.createdAt : c.queuedAt, u.profile());
          }
        }
        default -> { }
      }
    }
    queued.sort(Comparator.comparingLong(r -> r.queuedAt() == 0 ? r.createdAt() : r.queuedAt()));
    for (ConversationStore.Row r : queued) {
      Conversation c = s.open.get(r.id());
      s.dispatcher.restoreQueued(c.id, c.visitorId, c.groupId == null ? ConversationService.DEFAULT_GROUP : c.groupId,
          c.queuedAt == 0 ? c.createdAt : c.queuedAt);
    }
    s.dispatcher.afterRestore();
    log.info("event=recovery.done open={} queued={} assigned={}", rows.size(), queued.size(),
        rows.stream().filter(r -> "assigned".equals(r.state())).count());
    return rows.size();
  }

  private static User load(Directory directory, Long id) {
    try {
      return id == null ? null : directory.byId(id);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Conversation rebuild(ConversationStore.Row row, List<ChatMessage> msgs) {
    Conversation c = new Conversation(row.id(), row.visitorId(), row.channel(), row.createdAt());
    c.state = State.fromWire(row.state());
    c.groupId = row.groupId();
    c.agentId = row.agentId();
    c.menuId = row.menuId();
    c.handoffAt = row.handoffAt();
    c.queuedAt = row.queuedAt();
    c.assignedAt = row.assignedAt();
    c.firstResponseAt = row.firstResponseAt();
    c.lastVisitorActivity = row.updatedAt();
    c.persisted = true;
    c.messages.addAll(msgs);
    c.lastSeq = msgs.isEmpty() ? 0 : msgs.get(msgs.size() - 1).seq();
    for (ChatMessage m : msgs) {
      if (m.clientId() != null) {
        c.rememberClient(Conversation.dedupeKey(m.from(), m.authorId(), m.clientId()), m.seq());
      }
      if (m.from() == Sender.VISITOR) {
        c.visitorSpoke = true;
        c.lastVisitorActivity = Math.max(c.lastVisitorActivity, m.ts());
      }
    }
    return c;
  }
}
