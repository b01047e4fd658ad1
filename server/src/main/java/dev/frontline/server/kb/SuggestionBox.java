package dev.frontline.server.kb;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Visitors' suggestions from the self-service panel ({@code faq_suggestions}): the editors' review queue. */
public final class SuggestionBox {
  private final Database db;
  private final Clock clock;

  public SuggestionBox(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Stores a suggestion; {@code contact} is JSON text or null. Returns its id. */
  public long add(String text, String contact) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO faq_suggestions (text, contact, created_at, status)"
            + " VALUES (?, ?, ?, 'open')", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, text);
      ps.setString(2, contact);
      ps.setLong(3, clock.millis());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Suggestions in a status (null: all), newest first, as JSON-ready maps. */
  public List<Map<String, Object>> list(String status, int limit) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, text, contact, created_at, status, handled_at, handled_by,"
            + " note FROM faq_suggestions" + (status == null ? "" : " WHERE status = ?")
            + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
      int i = 1;
      if (status != null) {
        ps.setString(i++, status);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", rs.getLong(1));
          m.put("text", rs.getString(2));
          m.put("contact", contact(rs.getString(3)));
          m.put("createdAt", rs.getLong(4));
          m.put("status", rs.getString(5));
          long handled = rs.getLong(6);
          m.put("handledAt", rs.wasNull() ? null : handled);
          m.put("handledBy", rs.getString(7));
          m.put("note", rs.getString(8));
          out.add(m);
        }
      }
    }
    return out;
  }

  private static Object contact(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  /** Marks a suggestion done or dismissed (or open again). */
  public void update(long id, String status, String note, String by) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("UPDATE faq_suggestions SET status = ?, note = COALESCE(?, note),"
            + " handled_at = ?, handled_by = ? WHERE id = ?")) {
      ps.setString(1, status);
      ps.setString(2, note);
      ps.setLong(3, clock.millis());
      ps.setString(4, by);
      ps.setLong(5, id);
      if (ps.executeUpdate() == 0) {
        throw ApiException.notFound("suggestion " + id);
      }
    }
  }
}
