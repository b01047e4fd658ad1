package dev.frontline.server.conversation;

import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-back of stored conversations for the API. Blocking: call from a worker pool. */
public final class ConversationReader {
  private final ConversationStore store;
  private final Database db;

  public ConversationReader(Database db) {
    this.db = db;
    this.store = new ConversationStore(db);
  }

  /** The conversation with its messages and internal notes, or null when it was never stored. */
  public Map<String, Object> read(String id) throws SQLException {
    ConversationStore.Row row = store.find(id);
    if (row == null) {
      return null;
    }
    Map<String, Object> m = summary(row);
    m.put("messages", store.messages(id).stream().map(ChatMessage::frame).toList());
    m.put("notes", store.notes(id));
    return m;
  }

  static Map<String, Object> summary(ConversationStore.Row row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", row.id());
    m.put("visitorId", row.visitorId());
    m.put("state", row.state());
    m.put("channel", row.channel());
    m.put("group", row.groupId());
    m.put("agentId", row.agentId());
    m.put("rating", row.rating());
    m.put("ratingComment", row.ratingComment());
    m.put("createdAt", row.createdAt());
    m.put("updatedAt", row.updatedAt());
    putTime(m, "queuedAt", row.queuedAt());
    putTime(m, "assignedAt", row.assignedAt());
    putTime(m, "firstResponseAt", row.firstResponseAt());
    putTime(m, "closedAt", row.closedAt());
    m.put("closedBy", row.closedBy());
    return m;
  }

  private static void putTime(Map<String, Object> m, String key, long v) {
    m.put(key, v == 0 ? null : v);
  }

  /**
   * Conversations by state, newest first. For an agent ({@code agentId} set) only its own, plus
   * the queued ones of its {@code groups}.
   */
  public List<Map<String, Object>> list(String state, Long agentId, Set<String> groups, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT id FROM conversations WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if ("open".equals(state)) {
      sql.append(" AND state <> 'closed'");
    } else if (state != null) {
      sql.append(" AND state = ?");
      args.add(state);
    }
    if (agentId != null) {
      sql.append(" AND (agent_id = ?");
      args.add(agentId);
      if (groups != null && !groups.isEmpty()) {
        sql.append(" OR (state = 'queued' AND group_id IN (")
            .append(String.join(",", java.util.Collections.nCopies(groups.size(), "?"))).append("))");
        args.addAll(groups);
      }
      sql.append(")");
    }
    sql.append(" ORDER BY created_at DESC LIMIT ").append(limit);
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ConversationStore.Row row = store.find(rs.getString(1));
          if (row != null) {
            out.add(summary(row));
          }
        }
      }
    }
    return out;
  }

  public List<Map<String, Object>> ofVisitor(String visitorId, int limit) throws SQLException {
    return store.forVisitor(visitorId, limit).stream().map(ConversationReader::summary).toList();
  }

  /** Whether the agent ever served this visitor. */
  public boolean served(long agentId, String visitorId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT 1 FROM conversations WHERE visitor_id = ? AND agent_id = ? LIMIT 1")) {
      ps.setString(1, visitorId);
      ps.setLong(2, agentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
