package dev.frontline.server.config;

import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import dev.frontline.server.store.Dialect;

/**
 * Settings an admin changes at run time (typing preview, FAQ review...). Stored in the
 * database; each process keeps a copy it reloads every few seconds, so a change reaches every
 * process of a cluster.
 */
public final class Settings {
  /** Known settings with their defaults; booleans are "true"/"false", the others whole numbers. */
  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("typingPreview", "true"),
      Map.entry("faqReview", "true"),
      Map.entry("inactivityWarnSeconds", "300"),
      Map.entry("inactivityCloseSeconds", "420"),
      Map.entry("botIdleCloseSeconds", "1800"),
      Map.entry("trailRetentionDays", "180"),
      // Uploads (docs/operations.md): 0 switches a limit off.
      Map.entry("uploadsPerMinute", "10"),
      Map.entry("uploadFilesPerVisitorDay", "50"),
      Map.entry("uploadMiBPerVisitorDay", "100"),
      Map.entry("uploadFilesPerConversation", "50"),
      Map.entry("uploadMiBPerConversation", "100"),
      Map.entry("uploadDiskBudgetMiB", "10240"),
      // Figures and alerts (docs/kpis.md).
      Map.entry("firstResponseTargetSeconds", "30"),
      Map.entry("fcrWindowHours", "24"),
      Map.entry("alertQueueLength", "3"),
      Map.entry("alertNoReplySeconds", "120"));

  /** Whether a setting holds true/false (else a whole number). */
  public static boolean isBoolean(String name) {
    String d = DEFAULTS.get(name);
    return "true".equals(d) || "false".equals(d);
  }

  private final Database db;
  private volatile Map<String, String> values = new TreeMap<>(DEFAULTS);

  public Settings(Database db) {
    this.db = db;
  }

  public boolean typingPreview() {
    return Boolean.parseBoolean(values.getOrDefault("typingPreview", "true"));
  }

  public boolean faqReview() {
    return Boolean.parseBoolean(values.getOrDefault("faqReview", "true"));
  }

  public long number(String name) {
    try {
      return Long.parseLong(values.getOrDefault(name, DEFAULTS.get(name)));
    } catch (NumberFormatException e) {
      return Long.parseLong(DEFAULTS.get(name));
    }
  }

  public Map<String, String> all() {
    return values;
  }

  public void reload() throws SQLException {
    Map<String, String> m = new TreeMap<>(DEFAULTS);
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT name, setting_value FROM settings");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (DEFAULTS.containsKey(rs.getString(1))) {
          m.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    values = m;
  }

  /** Sets one known setting; unknown names are refused by the caller. */
  public void set(String name, String value) throws SQLException {
    if (!DEFAULTS.containsKey(name)) {
      throw new IllegalArgumentException("unknown setting " + name);
    }
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM settings WHERE name = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
        del.setString(1, name);
        del.executeUpdate();
        ins.setString(1, name);
        ins.setString(2, value);
        ins.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    Map<String, String> m = new TreeMap<>(values);
    m.put(name, value);
    values = m;
  }
}
