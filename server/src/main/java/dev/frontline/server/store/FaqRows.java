package dev.frontline.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.server.protocol.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** FAQ entries in the {@code faq_entries} table: the published set the bot is fed from. */
public final class FaqRows {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private FaqRows() {}

  public static void insertPublished(Database db, List<FaqEntry> entries, String author, long now) throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO faq_entries (id, question, similar_json, answer, category,"
          + " status, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 'published', 1, ?, ?)")) {
        for (FaqEntry e : entries) {
          ps.setString(1, e.id());
          ps.setString(2, e.question());
          ps.setString(3, Json.string(e.similar()));
          ps.setString(4, e.answer());
          ps.setString(5, e.category());
          ps.setLong(6, now);
          ps.setString(7, author);
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public static List<FaqEntry> published(Database db) throws SQLException {
    List<FaqEntry> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, question, similar_json, answer, category FROM faq_entries WHERE status = 'published' ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new FaqEntry(rs.getString(1), rs.getString(2), similar(rs.getString(3)), rs.getString(4), rs.getString(5)));
      }
    }
    return out;
  }

  private static List<String> similar(String json) {
    try {
      return Json.MAPPER.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
