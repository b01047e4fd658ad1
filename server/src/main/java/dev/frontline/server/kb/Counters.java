package dev.frontline.server.kb;

import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Self-service counters of live entries: clicks (panel and chat picks) and helpful / not helpful votes. */
public final class Counters {
  private Counters() {}

  /** A click, as a journal write (from conversation threads). */
  static Journal.Write click(String id) {
    return new Journal.Write("UPDATE faq_entries SET clicks = clicks + 1 WHERE id = ? AND published_version IS NOT NULL",
        id);
  }

  /** Counts a click now; false when the entry is not live. */
  public static boolean click(Database db, String id) throws SQLException {
    return update(db, click(id).sql(), id);
  }

  /** Counts a vote now; false when the entry is not live. */
  public static boolean feedback(Database db, String id, boolean helpful) throws SQLException {
    String column = helpful ? "helpful" : "unhelpful";
    return update(db, "UPDATE faq_entries SET " + column + " = " + column + " + 1 WHERE id = ?"
        + " AND published_version IS NOT NULL", id);
  }

  private static boolean update(Database db, String sql, String id) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }
}
