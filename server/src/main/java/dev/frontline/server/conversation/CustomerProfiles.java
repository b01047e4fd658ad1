package dev.frontline.server.conversation;

import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * What the host site's own server vouches for about a customer: a name and attributes it set
 * through {@code PUT /api/customers/{id}/profile} (signed with the site secret, or by an admin).
 * The widget's identity signs only the customer id and time; the name and attributes a page
 * passes there are the page's word and stay marked unverified. Blocking: call from a worker pool.
 */
public final class CustomerProfiles {
  /** A customer's verified name (or null) and attributes, and when the host site set them. */
  public record Verified(String name, Map<String, String> attrs, long updatedAt) {
    public Verified {
      attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
    }

    /** The view the API shows. */
    public Map<String, Object> view() {
      java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("name", name);
      m.put("attrs", attrs);
      m.put("updatedAt", updatedAt);
      return m;
    }
  }

  private final Database db;

  public CustomerProfiles(Database db) {
    this.db = db;
  }

  /** The customer's verified profile, or null when its site never set one. */
  public Verified get(String customerId) throws SQLException {
    try (Connection c = db.connection()) {
      return read(c, customerId);
    }
  }

  static Verified read(Connection c, String customerId) throws SQLException {
    if (customerId == null) {
      return null;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT display_name, attrs, updated_at FROM customer_profiles WHERE customer_id = ?")) {
      ps.setString(1, customerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Verified(rs.getString(1), VisitorReads.attrsMap(rs.getString(2)), rs.getLong(3)) : null;
      }
    }
  }

  /** Replaces the customer's verified profile (the customer need not have visited yet). */
  public Verified set(String customerId, String name, Map<String, String> attrs, long now) throws SQLException {
    String json = attrs.isEmpty() ? null : Json.MAPPER.valueToTree(attrs).toString();
    try (Connection c = db.connection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM customer_profiles WHERE customer_id = ?");
          PreparedStatement ins = c.prepareStatement(
              "INSERT INTO customer_profiles (customer_id, display_name, attrs, updated_at) VALUES (?, ?, ?, ?)")) {
        del.setString(1, customerId);
        del.executeUpdate();
        ins.setString(1, customerId);
        ins.setString(2, name);
        ins.setString(3, json);
        ins.setLong(4, now);
        ins.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
    return new Verified(name, attrs, now);
  }
}
