package dev.frontline.server.ticket;

import dev.frontline.server.auth.Principal;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import dev.frontline.server.store.Dialect;

/**
 * Work orders (工单) that visitors leave when no agent can take the chat, or at any time: kind,
 * status (open, pending, resolved), assignee, follow-up notes. Reads block (API pool); the
 * visitor's new ticket goes through the journal so that the {@code ticket} reply means stored.
 */
public final class TicketDesk {
  public static final Set<String> STATUSES = Set.of("open", "pending", "resolved");
  /**
   * The kind of a ticket left without one: 咨询, the first kind the widget offers, stored as the
   * widget sends kinds (their Chinese value) so that the console shows it like the others.
   */
  public static final String DEFAULT_KIND = "咨询";

  /** What a visitor left. */
  public record NewTicket(String visitorId, String conversationId, String groupId, String kind, String text,
      String contactName, String contactPhone, String contactEmail) {}

  private final Database db;
  private final Journal journal;
  private final Clock clock;

  public TicketDesk(Database db, Journal journal, Clock clock) {
    this.db = db;
    this.journal = journal;
    this.clock = clock;
  }

  /** Stores a ticket; the future completes with its id once durable (null future: the journal is full). */
  public CompletableFuture<String> create(NewTicket t) {
    String id = Ids.newId("t");
    long now = clock.millis();
    Journal.Write insert = new Journal.Write(
        "INSERT INTO tickets (id, visitor_id, conversation_id, group_id, kind, status, text, contact_name, contact_phone,"
            + " contact_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)",
        id, t.visitorId(), t.conversationId(), t.groupId(), t.kind() == null ? DEFAULT_KIND : t.kind(), t.text(),
        t.contactName(), t.contactPhone(), t.contactEmail(), now, now);
    // Figures: a conversation that left a message was not resolved by the bot.
    CompletableFuture<Void> f = t.conversationId() == null ? journal.submit(insert)
        : journal.submit(insert, new Journal.Write(
            "UPDATE conversations SET ticket_at = ? WHERE id = ? AND ticket_at IS NULL", now, t.conversationId()));
    return f.thenApply(v -> id);
  }

  /**
   * Tickets by status, newest first: all for supervisors and admins, an agent's groups' and its own
   * otherwise; with {@code assigneeId} only those assigned to that user.
   */
  public List<Map<String, Object>> list(String status, Long assigneeId, Principal p, Set<String> agentGroups,
      int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + " WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (status != null) {
      sql.append(" AND t.status = ?");
      args.add(status);
    }
    if (assigneeId != null) {
      sql.append(" AND t.assignee_id = ?");
      args.add(assigneeId);
    }
    if (!p.supervises()) {
      sql.append(" AND (t.assignee_id = ?");
      args.add(p.userId());
      if (!agentGroups.isEmpty()) {
        sql.append(" OR t.group_id IN (").append(String.join(",", java.util.Collections.nCopies(agentGroups.size(), "?")))
            .append(")");
        args.addAll(agentGroups);
      }
      sql.append(")");
    }
    sql.append(" ORDER BY t.created_at DESC, t.id DESC LIMIT ").append(limit);
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      return rows(ps);
    }
  }

  /** A visitor's own tickets (for the widget), newest first. */
  public List<Map<String, Object>> forVisitor(String visitorId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM
            + " WHERE t.visitor_id = ? ORDER BY t.created_at DESC LIMIT 20")) {
      ps.setString(1, visitorId);
      return rows(ps);
    }
  }

  public Map<String, Object> get(String id) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE t.id = ?")) {
      ps.setString(1, id);
      List<Map<String, Object>> rows = rows(ps);
      if (rows.isEmpty()) {
        return null;
      }
      Map<String, Object> t = rows.get(0);
      t.put("notes", notes(c, id));
      return t;
    }
  }

  /**
   * Changes status and/or assignee and adds a follow-up note, in one transaction. An agent may
   * change the tickets of its groups and its own.
   */
  public Map<String, Object> update(String id, String status, String note, Long assigneeId, Principal by,
      Set<String> agentGroups, String byName) throws SQLException {
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try {
        String before;
        String group;
        Long assignee;
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT status, group_id, assignee_id FROM tickets WHERE id = ?" + Dialect.forUpdate(c))) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw ApiException.notFound("ticket " + id);
            }
            before = rs.getString(1);
            group = rs.getString(2);
            assignee = Dialect.nullableLong(rs, 3);
          }
        }
        if (!by.supervises() && !(assignee != null && assignee == by.userId())
            && (group == null || !agentGroups.contains(group))) {
          throw ApiException.forbidden("this ticket belongs to another group");
        }
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE tickets SET status = ?, assignee_id = ?, updated_at = ? WHERE id = ?")) {
          ps.setString(1, status == null ? before : status);
          ps.setObject(2, assigneeId != null ? assigneeId : assignee);
          ps.setLong(3, now);
          ps.setString(4, id);
          ps.executeUpdate();
        }
        if (note != null || (status != null && !status.equals(before))) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_notes (ticket_id, author_id, author_name,"
              + " text, status_from, status_to, ts) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, by.userId());
            ps.setString(3, byName);
            ps.setString(4, note == null ? "" : note);
            ps.setString(5, before);
            ps.setString(6, status == null ? before : status);
            ps.setLong(7, now);
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return get(id);
  }

  private static final String COLUMNS = "t.id, t.visitor_id, t.conversation_id, t.group_id, t.kind, t.status, t.text,"
      + " t.contact_name, t.contact_phone, t.contact_email, t.assignee_id, t.created_at, t.updated_at, u.display_name";
  /** The assignee's name comes with the ticket, so that lists need no second look-up. */
  private static final String FROM = " FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id";

  private static List<Map<String, Object>> rows(PreparedStatement ps) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", rs.getString(1));
        t.put("kind", rs.getString(5));
        t.put("status", rs.getString(6));
        t.put("visitorId", rs.getString(2));
        t.put("text", rs.getString(7));
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("name", rs.getString(8));
        contact.put("phone", rs.getString(9));
        contact.put("email", rs.getString(10));
        t.put("contact", contact);
        t.put("conversationId", rs.getString(3));
        t.put("group", rs.getString(4));
        t.put("assigneeId", Dialect.nullableLong(rs, 11));
        t.put("assignee", rs.getString(14));
        t.put("createdAt", rs.getLong(12));
        t.put("updatedAt", rs.getLong(13));
        out.add(t);
      }
    }
    return out;
  }

  private static List<Map<String, Object>> notes(Connection c, String id) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT author_id, author_name, text, status_from, status_to, ts"
        + " FROM ticket_notes WHERE ticket_id = ? ORDER BY ts, id")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> n = new LinkedHashMap<>();
          n.put("authorId", Dialect.nullableLong(rs, 1));
          n.put("author", rs.getString(2));
          n.put("text", rs.getString(3));
          n.put("statusFrom", rs.getString(4));
          n.put("statusTo", rs.getString(5));
          n.put("ts", rs.getLong(6));
          out.add(n);
        }
      }
    }
    return out;
  }
}
