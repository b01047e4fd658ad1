package dev.frontline.server.kb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqStatus;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.frontline.server.store.Dialect;

/**
 * The SQL of entries ({@code faq_entries}, one head row each) and their versions
 * ({@code faq_versions}). Callers pass the connection so that a change and its head commit in one
 * transaction; nothing here commits.
 */
final class FaqStore {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  static final String CONTENT = "question, similar_json, answer, image_url, category, tags_json, channels, valid_from,"
      + " valid_until";
  private static final String HEAD = "id, status, version, published_version, change_kind, " + CONTENT
      + ", created_at, updated_at, updated_by, clicks, helpful, unhelpful";
  private static final String VERSION = "entry_id, version, status, change_kind, " + CONTENT
      + ", author_id, author_name, created_at, note";

  private FaqStore() {}

  static FaqHead head(Connection c, String id, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + HEAD + " FROM faq_entries WHERE id = ?"
        + (forUpdate ? Dialect.forUpdate(c) : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? head(rs) : null;
      }
    }
  }

  static FaqHead head(ResultSet rs) throws SQLException {
    int pv = rs.getInt(4);
    Integer published = rs.wasNull() ? null : pv;
    return new FaqHead(rs.getString(1), FaqStatus.parse(rs.getString(2)), rs.getInt(3), published,
        ChangeKind.parse(rs.getString(5)), content(rs, 6), rs.getLong(15), rs.getLong(16), rs.getString(17),
        rs.getLong(18), rs.getLong(19), rs.getLong(20));
  }

  /** Reads the nine content columns starting at {@code at}. */
  static FaqContent content(ResultSet rs, int at) throws SQLException {
    long from = rs.getLong(at + 7);
    Long validFrom = rs.wasNull() ? null : from;
    long until = rs.getLong(at + 8);
    Long validUntil = rs.wasNull() ? null : until;
    String channels = rs.getString(at + 6);
    return new FaqContent(rs.getString(at), strings(rs.getString(at + 1)), rs.getString(at + 2), rs.getString(at + 3),
        rs.getString(at + 4), strings(rs.getString(at + 5)),
        channels == null || channels.isEmpty() ? List.of() : Arrays.asList(channels.split(",")), validFrom, validUntil);
  }

  /** Binds the nine content columns starting at parameter {@code at}. */
  static void bind(PreparedStatement ps, int at, FaqContent c) throws SQLException {
    String similar = Json.string(c.similar());
    if (similar.length() > 32_000) {
      throw ApiException.invalid("similar", "is too long altogether (32,000 characters as JSON)");
    }
    ps.setString(at, c.question());
    ps.setString(at + 1, similar);
    ps.setString(at + 2, c.answer());
    ps.setString(at + 3, c.imageUrl());
    ps.setString(at + 4, c.category());
    ps.setString(at + 5, Json.string(c.tags()));
    ps.setString(at + 6, String.join(",", c.channels()));
    setLong(ps, at + 7, c.validFrom());
    setLong(ps, at + 8, c.validUntil());
  }

  static void insertHead(Connection c, FaqHead h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO faq_entries (" + HEAD + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)")) {
      ps.setString(1, h.id());
      bindHeadState(ps, 2, h);
      bind(ps, 6, h.content());
      ps.setLong(15, h.createdAt());
      ps.setLong(16, h.updatedAt());
      ps.setString(17, h.updatedBy());
      ps.executeUpdate();
    }
  }

  static void updateHead(Connection c, FaqHead h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE faq_entries SET status = ?, version = ?,"
        + " published_version = ?, change_kind = ?, question = ?, similar_json = ?, answer = ?, image_url = ?,"
        + " category = ?, tags_json = ?, channels = ?, valid_from = ?, valid_until = ?, updated_at = ?, updated_by = ?"
        + " WHERE id = ?")) {
      bindHeadState(ps, 1, h);
      bind(ps, 5, h.content());
      ps.setLong(14, h.updatedAt());
      ps.setString(15, h.updatedBy());
      ps.setString(16, h.id());
      ps.executeUpdate();
    }
  }

  private static void bindHeadState(PreparedStatement ps, int at, FaqHead h) throws SQLException {
    ps.setString(at, h.status().wire());
    ps.setInt(at + 1, h.version());
    if (h.publishedVersion() == null) {
      ps.setNull(at + 2, Types.INTEGER);
    } else {
      ps.setInt(at + 2, h.publishedVersion());
    }
    ps.setString(at + 3, h.kind().wire());
  }

  static void insertVersion(Connection c, FaqVersion v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO faq_versions (" + VERSION + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, v.entryId());
      ps.setInt(2, v.version());
      ps.setString(3, v.status().wire());
      ps.setString(4, v.kind().wire());
      bind(ps, 5, v.content());
      setLong(ps, 14, v.authorId());
      ps.setString(15, v.authorName());
      ps.setLong(16, v.createdAt());
      ps.setString(17, v.note());
      ps.executeUpdate();
    }
  }

  static FaqVersion version(Connection c, String id, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION + " FROM faq_versions"
        + " WHERE entry_id = ? AND version = ?")) {
      ps.setString(1, id);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? version(rs) : null;
      }
    }
  }

  /** Every version of an entry, newest first. */
  static List<FaqVersion> versions(Connection c, String id) throws SQLException {
    List<FaqVersion> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION + " FROM faq_versions WHERE entry_id = ?"
        + " ORDER BY version DESC")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(version(rs));
        }
      }
    }
    return out;
  }

  private static FaqVersion version(ResultSet rs) throws SQLException {
    long author = rs.getLong(14);
    Long authorId = rs.wasNull() ? null : author;
    return new FaqVersion(rs.getString(1), rs.getInt(2), FaqStatus.parse(rs.getString(3)),
        ChangeKind.parse(rs.getString(4)), content(rs, 5), authorId, rs.getString(15), rs.getLong(16),
        rs.getString(17));
  }

  /** Sets one version's status (and note, when given). */
  static void setVersionStatus(Connection c, String id, int version, FaqStatus status, String note)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE faq_versions SET status = ?,"
        + " note = COALESCE(?, note) WHERE entry_id = ? AND version = ?")) {
      ps.setString(1, status.wire());
      ps.setString(2, note);
      ps.setString(3, id);
      ps.setInt(4, version);
      ps.executeUpdate();
    }
  }

  /** Marks the entry's versions in one of {@code from} superseded. */
  static void supersede(Connection c, String id, FaqStatus... from) throws SQLException {
    for (FaqStatus s : from) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE faq_versions SET status = 'superseded'"
          + " WHERE entry_id = ? AND status = ?")) {
        ps.setString(1, id);
        ps.setString(2, s.wire());
        ps.executeUpdate();
      }
    }
  }

  static List<String> strings(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }
}
