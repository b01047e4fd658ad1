package dev.frontline.server.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Visitors and their tokens. A token is a bearer secret kept by the widget; only its SHA-256
 * is stored. Lookups go through a Caffeine cache (a copy, never the truth).
 */
public final class VisitorDirectory {
  /** A visitor and the token its client holds. */
  public record Resolved(String visitorId, String token, boolean returning, Long lastAgentId) {}

  private final Database db;
  private final Journal journal;
  private final Cache<String, String> byTokenHash = Caffeine.newBuilder()
      .maximumSize(200_000)
      .expireAfterAccess(Duration.ofHours(1))
      .build();

  public VisitorDirectory(Database db, Journal journal) {
    this.db = db;
    this.journal = journal;
  }

  /**
   * Finds the visitor a token belongs to, or makes a new visitor with a new token. Blocking
   * (database on a cache miss): call from a worker pool.
   */
  public Resolved resolveOrCreate(String token, long now) throws SQLException {
    if (token != null && !token.isBlank()) {
      String hash = Ids.hashToken(token);
      String id = byTokenHash.getIfPresent(hash);
      if (id == null) {
        id = lookup(hash);
        if (id != null) {
          byTokenHash.put(hash, id);
        }
      }
      if (id != null) {
        journal.submit(new Journal.Write("UPDATE visitors SET last_seen_at = ? WHERE id = ?", now, id));
        return new Resolved(id, token, true, lastAgent(id));
      }
    }
    return create(now);
  }

  private Resolved create(long now) {
    String id = Ids.newId("v");
    String token = Ids.newToken();
    String hash = Ids.hashToken(token);
    byTokenHash.put(hash, id);
    journal.submit(
        new Journal.Write("INSERT INTO visitors (id, created_at, last_seen_at) VALUES (?, ?, ?)", id, now, now),
        new Journal.Write("INSERT INTO visitor_tokens (token_hash, visitor_id, created_at) VALUES (?, ?, ?)",
            hash, id, now));
    return new Resolved(id, token, false, null);
  }

  /** The agent who served the visitor last, for 首问负责制. */
  public Long lastAgent(String visitorId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT agent_id FROM conversations WHERE visitor_id = ?"
            + " AND agent_id IS NOT NULL ORDER BY created_at DESC LIMIT 1")) {
      ps.setString(1, visitorId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private String lookup(String hash) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT visitor_id FROM visitor_tokens WHERE token_hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The visitor a token belongs to, or null; never creates one. Blocking on a cache miss. */
  public String visitorOf(String token) throws SQLException {
    if (token == null || token.isBlank() || token.length() > 128) {
      return null;
    }
    String hash = Ids.hashToken(token);
    String id = byTokenHash.getIfPresent(hash);
    if (id == null) {
      id = lookup(hash);
      if (id != null) {
        byTokenHash.put(hash, id);
      }
    }
    return id;
  }

  /** Whether a visitor with this id exists (read-back endpoints). */
  public boolean exists(String visitorId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM visitors WHERE id = ?")) {
      ps.setString(1, visitorId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
