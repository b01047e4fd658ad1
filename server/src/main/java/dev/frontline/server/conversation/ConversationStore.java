package dev.frontline.server.conversation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal.Write;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.frontline.server.store.Dialect;

/** The SQL of conversations and messages: writes for the journal, reads for recovery and read-back. */
final class ConversationStore {
  private static final TypeReference<List<ServerFrame.MenuItem>> MENU = new TypeReference<>() {};
  private static final TypeReference<List<ServerFrame.SuggestionView>> SUGGESTIONS = new TypeReference<>() {};

  private final Database db;

  ConversationStore(Database db) {
    this.db = db;
  }

  Database db() {
    return db;
  }

  static Write insertConversation(Conversation c) {
    return new Write(
        "INSERT INTO conversations (id, visitor_id, state, channel, group_id, agent_id, menu_id, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.id, c.visitorId, c.state.wire(), c.channel, c.groupId, c.agentId, c.menuId, c.createdAt, c.createdAt);
  }

  static Write updateConversation(Conversation c, long now) {
    return new Write(
        "UPDATE conversations SET state = ?, group_id = ?, agent_id = ?, menu_id = ?, updated_at = ?,"
            + " handoff_at = ?, queued_at = ?, assigned_at = ?, first_response_at = ?,"
            + " handoff_reason = COALESCE(handoff_reason, ?), first_assigned_at = COALESCE(first_assigned_at, ?)"
            + " WHERE id = ?",
        c.state.wire(), c.groupId, c.agentId, c.menuId, now, zeroToNull(c.handoffAt), zeroToNull(c.queuedAt),
        zeroToNull(c.assignedAt), zeroToNull(c.firstResponseAt), c.handoffReason, zeroToNull(c.assignedAt), c.id);
  }

  /** The conversation's first visitor message (figures: a conversation the bot may have resolved). */
  static Write firstVisitorMessage(String conversationId, long ts) {
    return new Write("UPDATE conversations SET first_visitor_at = ? WHERE id = ? AND first_visitor_at IS NULL", ts,
        conversationId);
  }

  /**
   * The visitor's conversation {@code c} asked for a person for the first time: the visitor's
   * earlier conversations closed before it began were not resolved at first contact within
   * {@code c.createdAt - closed_at} (figures: fcr).
   */
  static Write followUp(Conversation c) {
    return new Write("UPDATE conversations SET followup_at = ? WHERE visitor_id = ? AND id <> ?"
        + " AND closed_at IS NOT NULL AND closed_at <= ? AND followup_at IS NULL",
        c.createdAt, c.visitorId, c.id, c.createdAt);
  }

  static Write closeConversation(Conversation c, String by, State from, long now) {
    return new Write(
        "UPDATE conversations SET state = 'closed', agent_id = ?, updated_at = ?, closed_at = ?, closed_by = ?,"
            + " first_response_at = ?, closed_from = ? WHERE id = ?",
        c.agentId, now, now, by, zeroToNull(c.firstResponseAt), from.wire(), c.id);
  }

  static Write rate(String conversationId, int score, String comment, long now) {
    return new Write("UPDATE conversations SET rating = ?, rating_comment = ?, rated_at = ? WHERE id = ?",
        score, comment, now, conversationId);
  }

  static Write insertMessage(ChatMessage m) {
    return new Write(
        "INSERT INTO messages (conversation_id, seq, sender, author_id, author_name, text, ts, client_id, faq_id, extra)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.conversationId(), m.seq(), m.from().wire(), m.authorId(), m.authorName(), m.text(), m.ts(), m.clientId(),
        m.faqId(), extra(m));
  }

  static Write insertNote(String conversationId, String kind, Long authorId, String authorName, String text, long ts) {
    return new Write(
        "INSERT INTO conversation_notes (conversation_id, kind, author_id, author_name, text, ts) VALUES (?, ?, ?, ?, ?, ?)",
        conversationId, kind, authorId, authorName, text, ts);
  }

  private static Object zeroToNull(long v) {
    return v == 0 ? null : v;
  }

  private static String extra(ChatMessage m) {
    if (m.menu() == null && m.suggestions() == null && m.file() == null) {
      return null;
    }
    ObjectNode o = Json.object();
    if (m.menu() != null) {
      o.set("menu", Json.MAPPER.valueToTree(m.menu()));
    }
    if (m.suggestions() != null) {
      o.set("suggestions", Json.MAPPER.valueToTree(m.suggestions()));
    }
    if (m.file() != null) {
      o.set("file", Json.MAPPER.valueToTree(m.file()));
    }
    return o.toString();
  }

  /** Row of the conversations table, for recovery and read-back. */
  record Row(String id, String visitorId, String state, String channel, String groupId, Long agentId, String menuId,
      long createdAt, long updatedAt, long handoffAt, long queuedAt, long assignedAt, long firstResponseAt,
      long closedAt, String closedBy, Integer rating, String ratingComment) {}

  private static final String ROW_COLUMNS = "id, visitor_id, state, channel, group_id, agent_id, menu_id, created_at,"
      + " updated_at, handoff_at, queued_at, assigned_at, first_response_at, closed_at, closed_by, rating, rating_comment";

  List<Row> openConversations() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + ROW_COLUMNS + " FROM conversations WHERE state <> 'closed' ORDER BY created_at")) {
      return rows(ps);
    }
  }

  Row find(String id) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM conversations WHERE id = ?")) {
      ps.setString(1, id);
      List<Row> rows = rows(ps);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  List<Row> forVisitor(String visitorId, int limit) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
            + " FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC LIMIT " + limit)) {
      ps.setString(1, visitorId);
      return rows(ps);
    }
  }

  private static List<Row> rows(PreparedStatement ps) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            Dialect.nullableLong(rs, 6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
            rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getString(15),
            Dialect.nullableInt(rs, 16), rs.getString(17)));
      }
    }
    return out;
  }

  /** Every message of the given conversations, grouped by conversation, each list in seq order. */
  Map<String, List<ChatMessage>> messages(List<String> conversationIds) throws SQLException {
    Map<String, List<ChatMessage>> out = new HashMap<>();
    if (conversationIds.isEmpty()) {
      return out;
    }
    try (Connection c = db.connection()) {
      for (int from = 0; from < conversationIds.size(); from += 500) {
        List<String> part = conversationIds.subList(from, Math.min(conversationIds.size(), from + 500));
        String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT conversation_id, seq, sender, author_id, author_name, text, ts, client_id, faq_id, extra"
                + " FROM messages WHERE conversation_id IN (" + marks + ") ORDER BY conversation_id, seq")) {
          for (int i = 0; i < part.size(); i++) {
            ps.setString(i + 1, part.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ChatMessage m = message(rs);
              out.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m);
            }
          }
        }
      }
    }
    return out;
  }

  List<ChatMessage> messages(String conversationId) throws SQLException {
    return messages(List.of(conversationId)).getOrDefault(conversationId, List.of());
  }

  private static ChatMessage message(ResultSet rs) throws SQLException {
    List<ServerFrame.MenuItem> menu = null;
    List<ServerFrame.SuggestionView> suggestions = null;
    ServerFrame.FileRef file = null;
    String extra = rs.getString(10);
    if (extra != null) {
      try {
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(extra);
        if (o.get("menu") instanceof ArrayNode a) {
          menu = Json.MAPPER.convertValue(a, MENU);
        }
        if (o.get("suggestions") instanceof ArrayNode a) {
          suggestions = Json.MAPPER.convertValue(a, SUGGESTIONS);
        }
        if (o.get("file") instanceof ObjectNode f) {
          file = Json.MAPPER.convertValue(f, ServerFrame.FileRef.class);
        }
      } catch (IOException | ClassCastException e) {
        // a damaged extra column loses the decoration, never the message
      }
    }
    return new ChatMessage(rs.getString(1), rs.getInt(2), Sender.fromWire(rs.getString(3)), rs.getString(6),
        rs.getLong(7), rs.getString(8), Dialect.nullableLong(rs, 4), rs.getString(5), rs.getString(9), menu,
        suggestions, file);
  }

  /** Internal notes and whispers of a conversation, oldest first. */
  List<Map<String, Object>> notes(String conversationId) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT kind, author_id, author_name, text, ts FROM conversation_notes WHERE conversation_id = ? ORDER BY ts, id")) {
      ps.setString(1, conversationId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> n = new java.util.LinkedHashMap<>();
          n.put("kind", rs.getString(1));
          n.put("authorId", Dialect.nullableLong(rs, 2));
          n.put("author", rs.getString(3));
          n.put("text", rs.getString(4));
          n.put("ts", rs.getLong(5));
          out.add(n);
        }
      }
    }
    return out;
  }
}
