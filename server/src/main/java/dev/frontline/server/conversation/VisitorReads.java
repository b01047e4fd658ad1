package dev.frontline.server.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@link VisitorDirectory} reads of a visitor: its profile, its customer, its last agent. Blocking. */
final class VisitorReads {
  private VisitorReads() {}

  /** Profile of a known visitor, counting this connection as a new visit after 30 minutes away. */
  static VisitorDirectory.Profile profile(Database db, String id, long now) throws SQLException {
    try (Connection c = db.connection()) {
      String customerId = null;
      String name = null;
      String attrs = null;
      int visits = 1;
      boolean optedOut = false;
      try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, display_name, attrs, visits, last_seen_at,"
          + " tracking_opt_out FROM visitors WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            customerId = rs.getString(1);
            name = rs.getString(2);
            attrs = rs.getString(3);
            visits = rs.getInt(4) + (now - rs.getLong(5) > VisitorDirectory.NEW_VISIT_AFTER_MS ? 1 : 0);
            optedOut = rs.getBoolean(6);
          }
        }
      }
      int chats = 0;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM conversations WHERE visitor_id = ? AND agent_id IS NOT NULL")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          chats = rs.getInt(1);
        }
      }
      List<VisitorDirectory.PageSeen> pages = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT data, ts FROM visitor_events WHERE visitor_id = ?"
          + " AND event = 'page_view' AND ts >= ? ORDER BY ts DESC LIMIT " + VisitorDirectory.RECENT_PAGES)) {
        ps.setString(1, id);
        ps.setLong(2, now - VisitorDirectory.RECENT_PAGES_DAYS * 86_400_000L);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String url = urlOf(rs.getString(1));
            if (url != null) {
              pages.add(new VisitorDirectory.PageSeen(url, rs.getLong(2)));
            }
          }
        }
      }
      return new VisitorDirectory.Profile(customerId, name, attrsMap(attrs), visits, chats, List.copyOf(pages), optedOut,
          CustomerProfiles.read(c, customerId));
    }
  }

  private static String urlOf(String data) {
    if (data == null) {
      return null;
    }
    try {
      var n = Json.MAPPER.readTree(data).get("url");
      return n == null || !n.isTextual() ? null : n.textValue();
    } catch (IOException e) {
      return null;
    }
  }

  static String attrsJson(ObjectNode attrs) {
    if (attrs == null || attrs.isEmpty()) {
      return null;
    }
    ObjectNode flat = Json.object();
    attrs.properties().forEach(e -> {
      if (flat.size() < 30 && e.getKey().length() <= 40 && e.getValue().isValueNode()) {
        String v = e.getValue().asText();
        flat.put(e.getKey(), v.length() > 200 ? v.substring(0, 200) : v);
      }
    });
    return flat.toString();
  }

  static Map<String, String> attrsMap(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      Map<String, String> m = new TreeMap<>();
      Json.MAPPER.readTree(json).properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
      return Map.copyOf(m);
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** True when the visitor is stored and belongs to no customer (a row not written yet is not). */
  static boolean anonymous(Database db, String visitorId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM visitors WHERE id = ?")) {
      ps.setString(1, visitorId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) == null;
      }
    }
  }

  static String byCustomer(Database db, String customerId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM visitors WHERE customer_id = ?")) {
      ps.setString(1, customerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The agent who served the visitor last, for 首问负责制. */
  static Long lastAgent(Database db, String visitorId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT agent_id FROM conversations WHERE visitor_id = ?"
            + " AND agent_id IS NOT NULL ORDER BY created_at DESC LIMIT 1")) {
      ps.setString(1, visitorId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }
}
