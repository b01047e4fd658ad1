package dev.frontline.server.kb;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Editors' synonym sets ({@code faq_synonyms}), versioned simply: each change raises the set's
 * version and records who and when; a deleted set stays as a row with {@code deleted}.
 */
public final class SynonymStore {
  public static final int MAX_TERMS = 20;
  public static final int MAX_TERM = 32;

  /** A synonym set as the API shows it. */
  public record SynonymSet(long id, List<String> terms, int version, long updatedAt, String updatedBy) {}

  private final Database db;
  private final Clock clock;

  public SynonymStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The sets in use, oldest first. */
  public List<SynonymSet> list() throws SQLException {
    List<SynonymSet> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, terms_json, version, updated_at, updated_by"
            + " FROM faq_synonyms WHERE deleted = FALSE ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new SynonymSet(rs.getLong(1), FaqStore.strings(rs.getString(2)), rs.getInt(3), rs.getLong(4),
            rs.getString(5)));
      }
    }
    return out;
  }

  public SynonymSet create(List<String> terms, String by) throws SQLException {
    List<String> t = check(terms);
    long now = clock.millis();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO faq_synonyms (terms_json, version, deleted, updated_at,"
            + " updated_by) VALUES (?, 1, FALSE, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, Json.string(t));
      ps.setLong(2, now);
      ps.setString(3, by);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return new SynonymSet(keys.getLong(1), t, 1, now, by);
      }
    }
  }

  /** Replaces a set's terms; 404 when it does not exist. */
  public SynonymSet update(long id, List<String> terms, String by) throws SQLException {
    List<String> t = check(terms);
    long now = clock.millis();
    change(id, "terms_json = ?, version = version + 1, updated_at = ?, updated_by = ?", Json.string(t), now, by);
    return list().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
  }

  public void delete(long id, String by) throws SQLException {
    change(id, "deleted = TRUE, version = version + 1, updated_at = ?, updated_by = ?", clock.millis(), by);
  }

  private void change(long id, String set, Object... args) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("UPDATE faq_synonyms SET " + set + " WHERE id = ? AND deleted = FALSE")) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.setLong(args.length + 1, id);
      if (ps.executeUpdate() == 0) {
        throw ApiException.notFound("synonym set " + id);
      }
    }
  }

  /** The terms of every set in use, for the bot feed. */
  List<List<String>> terms() throws SQLException {
    return list().stream().map(SynonymSet::terms).toList();
  }

  private static List<String> check(List<String> terms) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> out = new ArrayList<>();
    for (String t : terms) {
      String s = t.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (s.length() > MAX_TERM) {
        throw ApiException.invalid("terms", "has a term longer than " + MAX_TERM + " characters");
      }
      if (seen.add(s.toLowerCase(Locale.ROOT))) {
        out.add(s);
      }
    }
    if (out.size() < 2 || out.size() > MAX_TERMS) {
      throw ApiException.invalid("terms", "must hold 2 to " + MAX_TERMS + " different terms");
    }
    return List.copyOf(out);
  }
}
